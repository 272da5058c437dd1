/**
 * What every packaged stack must hold to, checked over its CloudFormation template: least privilege
 * per function, a DLQ and an alarm for every queue, log retention everywhere, bounded consumers, the
 * API's alarms and tables that outlive their stack. Each rule returns the findings it makes (empty when the stack holds to it).
 */
type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown; DeletionPolicy?: string; UpdateReplacePolicy?: string };
export type Template = { Resources: Record<string, Resource> };
export type Stack = { service: string; stage: string; template: Template };
type Statement = { Effect: string; Action: string[]; Resource: unknown[] };

/** Actions AWS offers no resource-level permission for, each with why a function may hold it. */
export const STAR_ALLOWED: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'Lambda sends the trace segments of an actively traced function with its role; X-Ray has no resource-level permissions.',
  'xray:PutTelemetryRecords': 'Lambda sends the telemetry of an actively traced function with its role; X-Ray has no resource-level permissions.',
};

/** Who may read the private key that signs access tokens: the functions that sign, and the JWKS. */
export const SIGNING_KEY_READERS: ReadonlyArray<string> = ['logIn', 'refresh', 'jwks'];

/** The stage's secrets in SSM, each with the one service and the functions of it that may read it. */
const secrets = (stage: string) => [
  { name: `/shop-secret/${stage}/users/signing-keys`, what: 'the private signing key', service: 'users', readers: SIGNING_KEY_READERS },
  { name: `/shop-secret/${stage}/payments/provider-key`, what: 'the payment provider\'s secret key', service: 'payments', readers: ['paymentCommands'] },
];

/** Whether an IAM resource pattern (`*` for any run of characters) covers `name`. */
const covers = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);

const WRITE_ACTION = /^(dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)|sqs:SendMessage|ssm:PutParameter|ssm:DeleteParameter)$/;
const STORE_WRITE = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/;

const resourcesOf = (stack: Stack, type: string) => Object.entries(stack.template.Resources).filter(([, resource]) => resource.Type === type);
const getAttId = (value: unknown): string | undefined => {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
};

/** Each function of the stack: its key (`getProduct`), logical id, role's statements, tracing mode, environment and event sources. */
export function functionsOf(stack: Stack) {
  return resourcesOf(stack, 'AWS::Lambda::Function').map(([logicalId, fn]) => {
    const name = String(fn.Properties?.FunctionName);
    const key = name.slice(`shop-${stack.service}-${stack.stage}-`.length);
    const roleId = getAttId(fn.Properties?.Role);
    const role = roleId === undefined ? undefined : stack.template.Resources[roleId];
    const policies = (role?.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    const statements = policies.flatMap((policy) => policy.PolicyDocument.Statement);
    const mappings = resourcesOf(stack, 'AWS::Lambda::EventSourceMapping').filter(([, mapping]) => getAttId(mapping.Properties?.FunctionName) === logicalId);
    const mode = (fn.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode;
    const environment = (fn.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {};
    return { key, logicalId, name, roleId, statements, mode, environment, mappings: mappings.map(([, mapping]) => mapping) };
  });
}

const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => statement.Action);

export function noStarResources(stack: Stack): string[] {
  return functionsOf(stack).flatMap(({ key, statements }) =>
    statements
      .filter((statement) => statement.Resource.includes('*'))
      .flatMap((statement) => statement.Action.filter((action) => !(action in STAR_ALLOWED)).map((action) => `${key}: ${action} on "*"`)),
  );
}

export function everyFunctionHasItsOwnRole(stack: Stack): string[] {
  const roles = functionsOf(stack).map(({ key, roleId }) => ({ key, roleId }));
  return roles.flatMap(({ key, roleId }) => {
    if (roleId === undefined) return [`${key}: no role of its own in this stack`];
    return roles.filter((other) => other.roleId === roleId && other.key !== key).map((other) => `${key}: shares its role with ${other.key}`);
  });
}

/**
 * The queues the stacks publish for others to send to (`/shop/<stage>/<service>/queues/<queue>/url`),
 * by name: a service's inboxes, such as the catalog's stock commands.
 */
export function publishedQueues(stacks: readonly Stack[]): Set<string> {
  return new Set(
    stacks.flatMap((stack) =>
      resourcesOf(stack, 'AWS::SSM::Parameter').flatMap(([, parameter]) => {
        const [, service, queue] = /^\/shop\/[^/]+\/([^/]+)\/queues\/([^/]+)\/url$/.exec(String(parameter.Properties?.Name)) ?? [];
        return service === undefined || queue === undefined ? [] : [`shop-${stack.stage}-${service}-${queue}`];
      }),
    ),
  );
}

/** The dead-letter queues of the published inboxes, by name (from each inbox's RedrivePolicy). */
export function inboxDeadLetterQueues(stacks: readonly Stack[]): Set<string> {
  const inboxes = publishedQueues(stacks);
  return new Set(
    stacks.flatMap((stack) =>
      resourcesOf(stack, 'AWS::SQS::Queue').flatMap(([, queue]) => {
        if (!inboxes.has(String(queue.Properties?.QueueName))) return [];
        const target = getAttId((queue.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn);
        const name = target === undefined ? undefined : stack.template.Resources[target]?.Properties?.QueueName;
        return typeof name === 'string' ? [name] : [];
      }),
    ),
  );
}

/**
 * A role reaches only its own stack's resources (by logical id), its own service's queues and
 * parameters by name, the parameters other services publish (read only), the queues other services
 * publish as their inboxes (send, and read their depth), the depth of those inboxes' DLQs (never
 * their messages), and the reply queues of the services that
 * command it (a queue consumer only). Secrets are read by name, by the functions that need them. What
 * AWS cannot scope (STAR_ALLOWED) reaches no one's data.
 */
export function reachesOnlyItsOwn(stack: Stack, inboxes: ReadonlySet<string> = new Set(), inboxDlqs: ReadonlySet<string> = new Set()): string[] {
  const own = new Set(Object.keys(stack.template.Resources));
  const prefix = `shop-${stack.stage}-${stack.service}-`;
  const findings: string[] = [];
  for (const { key, statements, mappings } of functionsOf(stack)) {
    for (const statement of statements) {
      for (const resource of statement.Resource) {
        const reason = reachProblem(resource, statement.Action, { own, prefix, stack, key, consumer: mappings.length > 0, inboxes, inboxDlqs });
        if (reason !== undefined) findings.push(`${key}: ${reason}`);
      }
    }
  }
  return findings;
}

function reachProblem(
  resource: unknown,
  actions: string[],
  {
    own,
    prefix,
    stack,
    key,
    consumer,
    inboxes,
    inboxDlqs,
  }: { own: Set<string>; prefix: string; stack: Stack; key: string; consumer: boolean; inboxes: ReadonlySet<string>; inboxDlqs: ReadonlySet<string> },
): string | undefined {
  if (resource === '*' && actions.every((action) => action in STAR_ALLOWED)) return undefined;
  const joined = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const logicalId = getAttId(resource) ?? getAttId(joined?.[1][0]);
  if (logicalId !== undefined) return own.has(logicalId) ? undefined : `reaches ${logicalId}, which is not in its stack`;
  const sub = (resource as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  const arn = typeof resource === 'string' ? resource : typeof sub === 'string' ? sub : JSON.stringify(resource);
  const queue = arn.includes(':sqs:') ? arn.split(':').at(-1) : undefined;
  if (queue !== undefined) {
    if (queue.startsWith(prefix)) return undefined;
    const sendsOnly = actions.every((action) => action === 'sqs:SendMessage' || action === 'sqs:GetQueueUrl');
    // An inbox's depth is no one's data: a sender may read it to hold back while it is full.
    if (actions.every((action) => action === 'sqs:SendMessage' || action === 'sqs:GetQueueUrl' || action === 'sqs:GetQueueAttributes') && inboxes.has(queue)) return undefined;
    // So is a DLQ's: an operator's view reads how much failed, not what.
    if (actions.every((action) => action === 'sqs:GetQueueUrl' || action === 'sqs:GetQueueAttributes') && inboxDlqs.has(queue)) return undefined;
    if (sendsOnly && consumer && queue === `shop-${stack.stage}-*-replies`) return undefined;
    return `reaches queue ${queue}, another service's`;
  }
  const parameter = /:parameter(\/.+)$/.exec(arn)?.[1];
  if (parameter !== undefined) {
    // A secret is read by name, by the functions that need it: a wildcard that covers one reads it too.
    const secret = secrets(stack.stage).find(({ name }) => covers(parameter, name));
    if (secret !== undefined) return stack.service === secret.service && secret.readers.includes(key) && parameter === secret.name ? undefined : `reads ${secret.what}`;
    if (parameter.startsWith(`/shop/${stack.stage}/${stack.service}/`)) return undefined;
    const readOnly = actions.every((action) => action === 'ssm:GetParameter' || action === 'ssm:GetParametersByPath');
    return parameter.startsWith(`/shop/${stack.stage}/`) && readOnly ? undefined : `reaches parameter ${parameter}`;
  }
  // Sending as a named SES identity, or asking whether it is verified, touches no other service's data;
  // SES authorises it per identity.
  const mailOnly = actions.every((action) => ['ses:SendEmail', 'ses:SendRawEmail', 'ses:GetEmailIdentity'].includes(action));
  const sesIdentity = /^arn:(aws|\$\{AWS::Partition\}):ses:([a-z0-9-]+|\$\{AWS::Region\}):(\d{12}|\*|\$\{AWS::AccountId\}):identity\/[^*]+$/;
  if (sesIdentity.test(arn) && mailOnly) return undefined;
  return `reaches ${arn}, which is none of its own`;
}

/** A function behind a GET route, or an authorizer, writes nothing. */
export function readersDoNotWrite(stack: Stack, authorizers: ReadonlyArray<string> = []): string[] {
  const functions = functionsOf(stack);
  const integrations = Object.fromEntries(resourcesOf(stack, 'AWS::ApiGatewayV2::Integration').map(([id, integration]) => [id, getAttId(integration.Properties?.IntegrationUri)]));
  const findings: string[] = [];
  for (const [, route] of resourcesOf(stack, 'AWS::ApiGatewayV2::Route')) {
    const routeKey = String(route.Properties?.RouteKey);
    if (!routeKey.startsWith('GET ')) continue;
    const integrationId = String(route.DependsOn);
    const fn = functions.find((candidate) => candidate.logicalId === integrations[integrationId]);
    const writes = actionsOf(fn?.statements ?? []).filter((action) => WRITE_ACTION.test(action));
    if (writes.length > 0) findings.push(`${routeKey} (${fn?.key}) may ${writes.join(', ')}`);
  }
  for (const fn of functions.filter((candidate) => authorizers.includes(candidate.key))) {
    const beyondLogs = actionsOf(fn.statements).filter((action) => !action.startsWith('logs:') && !(action in STAR_ALLOWED));
    if (beyondLogs.length > 0) findings.push(`authorizer ${fn.key} may ${beyondLogs.join(', ')}`);
  }
  return findings;
}

/** The queues that are some queue's DLQ. */
function deadLetterQueues(stack: Stack): Set<string> {
  return new Set(
    resourcesOf(stack, 'AWS::SQS::Queue').flatMap(([, queue]) => {
      const target = getAttId((queue.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn);
      return target === undefined ? [] : [target];
    }),
  );
}

export function everyQueueHasADlqWithAnAlarm(stack: Stack): string[] {
  const dlqs = deadLetterQueues(stack);
  const alarmed = new Set(
    resourcesOf(stack, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
      ((alarm.Properties?.Dimensions ?? []) as Array<{ Name: string; Value: unknown }>).filter((d) => d.Name === 'QueueName').flatMap((d) => getAttId(d.Value) ?? []),
    ),
  );
  return resourcesOf(stack, 'AWS::SQS::Queue').flatMap(([id, queue]) => {
    if (dlqs.has(id)) return alarmed.has(id) ? [] : [`DLQ ${id} has no alarm on its depth`];
    return queue.Properties?.RedrivePolicy === undefined ? [`queue ${id} has no DLQ`] : [];
  });
}

export function everyFunctionKeepsLogsForAWhile(stack: Stack): string[] {
  const retained = new Set(
    resourcesOf(stack, 'AWS::Logs::LogGroup')
      .filter(([, group]) => typeof group.Properties?.RetentionInDays === 'number')
      .map(([, group]) => String(group.Properties?.LogGroupName)),
  );
  return functionsOf(stack)
    .filter(({ name }) => !retained.has(`/aws/lambda/${name}`))
    .map(({ key }) => `${key} has no log group with a retention`);
}

export function storeWritingConsumersAreBounded(stack: Stack): string[] {
  return functionsOf(stack).flatMap(({ key, statements, mappings }) => {
    const writes = actionsOf(statements).some((action) => STORE_WRITE.test(action));
    const unbounded = mappings.filter((mapping) => (mapping.Properties?.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency === undefined);
    return writes && unbounded.length > 0 ? [`${key} writes to a store from a queue with no maximum concurrency`] : [];
  });
}

/**
 * Every function runs with Lambda's active tracing, and its role may send what Lambda records. That is
 * the whole of the shop's tracing: no X-Ray SDK in the bundles (lib/observability.ts).
 */
export function everyFunctionIsTraced(stack: Stack): string[] {
  return functionsOf(stack).flatMap(({ key, mode, statements }) => {
    if (mode !== 'Active') return [`${key} is not traced`];
    const sendsTraces = Object.keys(STAR_ALLOWED).every((action) => statements.some((statement) => statement.Action.includes(action) && statement.Resource.includes('*')));
    return sendsTraces ? [] : [`${key} is traced but its role cannot send traces`];
  });
}

/** The stack that owns the HTTP API alarms on its 5xx rate and its p99 latency. */
export function apiHasAlarms(stack: Stack): string[] {
  if (resourcesOf(stack, 'AWS::ApiGatewayV2::Api').length === 0) return [];
  const alarms = resourcesOf(stack, 'AWS::CloudWatch::Alarm').map(([, alarm]) => JSON.stringify(alarm.Properties));
  return [
    ...(alarms.some((alarm) => alarm.includes('"MetricName":"5xx"')) ? [] : ['the API has no alarm on its 5xx rate']),
    ...(alarms.some((alarm) => alarm.includes('"MetricName":"Latency"') && alarm.includes('"ExtendedStatistic":"p99"')) ? [] : ['the API has no alarm on its p99 latency']),
  ];
}

/** The metrics a dashboard's widgets draw, each as its namespace, name and dimensions (`Name=Value`). */
function dashboardMetrics(body: string): Array<{ namespace: string; name: string; dimensions: string[] }> {
  const { widgets = [] } = JSON.parse(body) as { widgets?: Array<{ properties?: { metrics?: unknown[][] } }> };
  return widgets.flatMap(({ properties }) =>
    (properties?.metrics ?? []).map((row) => {
      const [namespace, name, ...rest] = row.filter((part): part is string => typeof part === 'string');
      const dimensions = Array.from({ length: Math.floor(rest.length / 2) }, (_, index) => `${rest[2 * index]}=${rest[2 * index + 1]}`);
      return { namespace: String(namespace), name: String(name), dimensions };
    }),
  );
}

/**
 * The stack that owns the HTTP API has a dashboard that draws the whole system: every queue of every
 * stack (depth and in flight) and every DLQ, the API's 5xx and latency, and each of `serviceMetrics`
 * (the services' own: saga outcomes, breaker openings), as `namespace/name` with its dimensions.
 */
export function dashboardShowsTheSystem(stack: Stack, stacks: readonly Stack[], serviceMetrics: ReadonlyArray<{ namespace: string; name: string; dimensions: string[] }>): string[] {
  if (resourcesOf(stack, 'AWS::ApiGatewayV2::Api').length === 0) return [];
  const dashboards = resourcesOf(stack, 'AWS::CloudWatch::Dashboard');
  if (dashboards.length === 0) return ['the API’s stack has no dashboard'];
  const drawn = dashboards.flatMap(([, dashboard]) => {
    const body = dashboard.Properties?.DashboardBody as { 'Fn::Sub'?: unknown } | string | undefined;
    const text = typeof body === 'string' ? body : String(body?.['Fn::Sub']);
    return dashboardMetrics(text);
  });
  const draws = (namespace: string, name: string, dimensions: string[]) =>
    drawn.some((metric) => metric.namespace === namespace && metric.name === name && dimensions.every((dimension) => metric.dimensions.includes(dimension)));
  const findings: string[] = [];
  const queues = stacks.flatMap((each) => resourcesOf(each, 'AWS::SQS::Queue').map(([, queue]) => ({ name: String(queue.Properties?.QueueName), consumed: queue.Properties?.RedrivePolicy !== undefined })));
  for (const { name, consumed } of queues) {
    if (!draws('AWS/SQS', 'ApproximateNumberOfMessagesVisible', [`QueueName=${name}`])) findings.push(`the dashboard does not draw the depth of ${name}`);
    if (consumed && !draws('AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', [`QueueName=${name}`])) findings.push(`the dashboard does not draw what ${name} has in flight`);
  }
  for (const name of ['5xx', 'Latency']) if (!draws('AWS/ApiGateway', name, ['ApiId=${HttpApi}'])) findings.push(`the dashboard does not draw the API's ${name}`);
  for (const { namespace, name, dimensions } of serviceMetrics) {
    if (!draws(namespace, name, dimensions)) findings.push(`the dashboard does not draw ${namespace}/${name} ${dimensions.join(' ')}`.trim());
  }
  return findings;
}

/** Removing a stack keeps its tables, and so does replacing one (see retain-tables.ts). */
export function tablesOutliveTheirStack(stack: Stack): string[] {
  return resourcesOf(stack, 'AWS::DynamoDB::Table')
    .filter(([, table]) => table.DeletionPolicy !== 'Retain' || table.UpdateReplacePolicy !== 'Retain')
    .map(([logicalId]) => `${logicalId} is not kept when its stack is removed or it is replaced`);
}
