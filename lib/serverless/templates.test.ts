/**
 * Packages every stack as `npm run package` does, with no AWS credentials, and holds each template to
 * the rules in template-rules.ts. Each rule is also shown failing on a template that breaks it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { securityHeaders } from '../../scripts/local/storefront.ts';
import { servicesInOrder } from '../../scripts/stacks.ts';
import { operatorParameters } from '../../scripts/stacks/run.ts';
import { webParameters } from '../../scripts/stacks/web.ts';
import { SAGA_MESSAGES } from '../contracts/routes.ts';
import {
  apiHasAlarms,
  dashboardShowsTheSystem,
  everyFunctionHasItsOwnRole,
  everyFunctionIsTraced,
  everyFunctionKeepsLogsForAWhile,
  everyQueueHasADlqWithAnAlarm,
  functionsOf,
  inboxDeadLetterQueues,
  noStarResources,
  publishedQueues,
  reachesOnlyItsOwn,
  readersDoNotWrite,
  storeWritingConsumersAreBounded,
  tablesOutliveTheirStack,
  type Stack,
  type Template,
} from './template-rules.ts';

const ROOT = resolve(__dirname, '../..');
const STAGE = 'dev';
const SERVICES = servicesInOrder(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
const AUTHORIZERS = ['authorize', 'authorizeAdmin'];

let stacks: Stack[] = [];
/** The storefront's stack (functions/web): no functions, so none of the rules above apply to it. */
let web: Template;

/** Nowhere to find credentials: packaging must not need any. */
function withoutCredentials(): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _p, AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, AWS_SESSION_TOKEN: _t, ...env } = process.env;
  return { ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
}

beforeAll(() => {
  const run = spawnSync(process.execPath, ['scripts/stacks.ts', 'package', '--stage', STAGE], { cwd: ROOT, encoding: 'utf8', env: withoutCredentials() });
  if (run.status !== 0) throw new Error(`npm run package failed:\n${run.stdout}\n${run.stderr}`);
  stacks = SERVICES.map((service) => ({
    service,
    stage: STAGE,
    template: templateOf(service),
  }));
  web = templateOf('web');
}, 240_000);

const templateOf = (service: string) => JSON.parse(readFileSync(join(ROOT, 'functions', service, '.serverless/cloudformation-template-update-stack.json'), 'utf8')) as Template;

describe('npm run package', () => {
  it('writes one template per service, the gateway first', () => {
    expect(SERVICES[0]).toBe('gateway');
    expect(stacks.map((stack) => stack.service)).toEqual(expect.arrayContaining(['gateway', 'users', 'catalog']));
    for (const stack of stacks) expect(Object.keys(stack.template.Resources).length).toBeGreaterThan(0);
  });

  it('gives only the gateway an HTTP API; the services attach to it by the id it publishes', () => {
    const apis = stacks.filter((stack) => Object.values(stack.template.Resources).some((resource) => resource.Type === 'AWS::ApiGatewayV2::Api'));
    expect(apis.map((stack) => stack.service)).toEqual(['gateway']);
    for (const stack of stacks.filter((candidate) => candidate.service !== 'gateway')) {
      const routes = Object.values(stack.template.Resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route');
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) expect(route.Properties?.ApiId).toBe(`{{resolve:ssm:/shop/${STAGE}/gateway/http-api-id}}`);
    }
  });

  it('finds no other stack through a CloudFormation import, which would pin that stack', () => {
    for (const stack of stacks) expect(JSON.stringify(stack.template)).not.toContain('Fn::ImportValue');
  });
});

describe('the orders stack', () => {
  // The functions whose handlers commit a step of the saga (use-cases/saga.ts): each may send whatever a step's outbox holds.
  it.each(['placeOrder', 'cancelOrder', 'orderReplies', 'sweepOrders'])('lets %s send every message of the saga, where routes.ts says it goes', (key) => {
    const orders = stacks.find((stack) => stack.service === 'orders') as Stack;
    const fn = functionsOf(orders).find((candidate) => candidate.key === key);
    const sendable = (fn?.statements ?? []).filter((statement) => statement.Action.includes('sqs:SendMessage')).flatMap((statement) => statement.Resource.map((resource) => JSON.stringify(resource)));

    const unreachable = Object.entries(SAGA_MESSAGES)
      .filter(([, { to }]) => !sendable.some((resource) => resource.endsWith(`:shop-${STAGE}-${to.service}-${to.queue}"}`)))
      .map(([type]) => type);

    expect(fn).toBeDefined();
    expect(unreachable).toEqual([]);
  });
});

/** The services' own metrics the dashboard must draw: every outcome of the saga, and each breaker's openings. */
const SERVICE_METRICS = [
  // The states an order's saga ends in (functions/orders/domain/order.ts: settled, final, stalled).
  ...['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'COMPENSATION_FAILED'].map((state) => ({ namespace: 'shop', name: 'ordersEnded', dimensions: ['service=orders', `outcome=${state}`] })),
  { namespace: 'shop', name: 'breakerOpened', dimensions: ['service=orders', 'dependency=catalog'] },
  { namespace: 'shop', name: 'BreakerOpened', dimensions: ['service=payments'] },
];

describe('the operations dashboard', () => {
  it("draws every queue and DLQ, the API's errors and latency, every outcome of the saga and each breaker's openings", () => {
    const gateway = stacks.find((stack) => stack.service === 'gateway') as Stack;
    expect(dashboardShowsTheSystem(gateway, stacks, SERVICE_METRICS)).toEqual([]);
  });

  it('draws only metrics of the shop that some service adds', () => {
    const gateway = stacks.find((stack) => stack.service === 'gateway') as Stack;
    const body = String((gateway.template.Resources.OperationsDashboard?.Properties?.DashboardBody as { 'Fn::Sub'?: string } | undefined)?.['Fn::Sub']);
    const drawn = new Set([...body.matchAll(/\["shop", "(\w+)"/g)].map(([, name]) => String(name)));
    const sources = ['functions/orders/adapters/powertools-saga-metrics.ts', 'functions/payments/adapters/emf-payment-metrics.ts'].map((file) => readFileSync(join(ROOT, file), 'utf8')).join('\n');

    expect(drawn.size).toBeGreaterThan(3);
    expect([...drawn].filter((name) => !sources.includes(`addMetric('${name}'`))).toEqual([]);
  });
});

/** What each function of a stack may do with SES, and on what (each resource as CloudFormation will resolve it). */
const sesGrantsOf = (stack: Stack) =>
  functionsOf(stack)
    .map(({ key, statements }) => ({
      key,
      ses: statements
        .filter((statement) => statement.Action.some((action) => action.startsWith('ses:')))
        .map(({ Action, Resource }) => ({ Action, Resource: Resource.map((resource) => (resource as { 'Fn::Sub'?: string })['Fn::Sub'] ?? resource) })),
    }))
    .filter(({ ses }) => ses.length > 0);
const identities = (address: string) => [address, address.split('@')[1]].map((identity) => `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`);

describe('the notifications stack', () => {
  it("lets its sender send, and its readiness look, as the stage's sender alone: the address or its domain", () => {
    const notifications = stacks.find((stack) => stack.service === 'notifications') as Stack;

    expect(sesGrantsOf(notifications)).toEqual([
      { key: 'notificationsHealth', ses: [{ Action: ['ses:GetEmailIdentity'], Resource: identities(`shop@${STAGE}.example.com`) }] },
      { key: 'orderEvents', ses: [{ Action: ['ses:SendEmail'], Resource: identities(`shop@${STAGE}.example.com`) }] },
    ]);
    for (const stack of stacks.filter((candidate) => candidate.service !== 'notifications')) expect(sesGrantsOf(stack)).toEqual([]);
  });

  it('sends as the sender the stage is deployed with, as npm run deploy passes it from SSM', () => {
    const out = mkdtempSync(join(tmpdir(), 'shop-notifications-'));
    try {
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', STAGE, '--param', 'sender=orders@shop.example.org', '--package', out], {
        cwd: join(ROOT, 'functions/notifications'),
        encoding: 'utf8',
        env: withoutCredentials(),
      });
      expect(run.status).toBe(0);
      const stack: Stack = { service: 'notifications', stage: STAGE, template: JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template };

      expect(new Set(functionsOf(stack).map(({ environment }) => environment.NOTIFICATIONS_SENDER))).toEqual(new Set(['orders@shop.example.org']));
      expect(sesGrantsOf(stack).flatMap(({ ses }) => ses.map(({ Resource }) => Resource))).toEqual([identities('orders@shop.example.org'), identities('orders@shop.example.org')]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("the parameters npm run deploy asks the operator to put", () => {
  it.each(operatorParameters(STAGE).filter(({ service }) => service !== 'notifications'))('$name is the one the $service stack reads', ({ service, name }) => {
    const stack = stacks.find((candidate) => candidate.service === service) as Stack;
    const read = functionsOf(stack).flatMap(({ environment }) => Object.values(environment));

    expect(read).toContain(name);
  });
});

describe.each([
  ['grants no action on "*" but those AWS cannot scope', noStarResources],
  ['gives every function a role of its own', everyFunctionHasItsOwnRole],
  ["reaches no other service's table, queue or the signing key", (stack: Stack) => reachesOnlyItsOwn(stack, publishedQueues(stacks), inboxDeadLetterQueues(stacks))],
  ['lets no GET route or authorizer write', (stack: Stack) => readersDoNotWrite(stack, AUTHORIZERS)],
  ['gives every queue a DLQ, and every DLQ an alarm on its depth', everyQueueHasADlqWithAnAlarm],
  ['keeps every function’s logs for a limited time', everyFunctionKeepsLogsForAWhile],
  ['bounds the concurrency of every consumer that writes to a store', storeWritingConsumersAreBounded],
  ['alarms on the API’s 5xx rate and p99 latency', apiHasAlarms],
  ['traces every function, and lets it send its traces', everyFunctionIsTraced],
  ['keeps its tables, with their data, when it is removed', tablesOutliveTheirStack],
])('every stack %s', (_rule, check) => {
  it.each(SERVICES)('%s', (service) => {
    const stack = stacks.find((candidate) => candidate.service === service);
    expect(stack).toBeDefined();
    expect(check(stack as Stack)).toEqual([]);
  });
});

describe('the web stack (the storefront)', () => {
  const ofType = (type: string) => Object.entries(web.Resources).filter(([, resource]) => resource.Type === type);
  const only = (type: string) => {
    const found = ofType(type);
    expect(found).toHaveLength(1);
    return found[0] as [string, { Properties?: Record<string, unknown> }];
  };

  it('keeps its bucket private, encrypted and reachable over TLS only', () => {
    // The other bucket is the one serverless deploys through.
    const [bucketId, bucket] = ofType('AWS::S3::Bucket').find(([id]) => id !== 'ServerlessDeploymentBucket') ?? [];
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, candidate]) => JSON.stringify(candidate.Properties?.Bucket) === JSON.stringify({ Ref: bucketId })) ?? [];
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;

    expect(bucketId).toBe('WebBucket');
    expect(bucket?.Properties?.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(JSON.stringify(bucket?.Properties?.BucketEncryption)).toContain('SSEAlgorithm');
    expect(bucket?.Properties?.WebsiteConfiguration).toBeUndefined();
    // Every Allow is for CloudFront, and only for this stack's distribution.
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(allow.Action).toBe('s3:GetObject');
      expect(JSON.stringify(allow.Condition)).toContain('distribution/${WebDistribution}');
    }
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('serves it through CloudFront with origin access control, HTTPS only, and the pages answered with index.html', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution');
    const [, oac] = only('AWS::CloudFront::OriginAccessControl');
    const config = distribution.Properties?.DistributionConfig as {
      Origins: Array<{ OriginAccessControlId: unknown; S3OriginConfig: { OriginAccessIdentity: string } }>;
      DefaultCacheBehavior: { ViewerProtocolPolicy: string; AllowedMethods: string[]; FunctionAssociations: Array<{ EventType: string }> };
      CacheBehaviors?: unknown[];
    };

    expect(oac.Properties?.OriginAccessControlConfig).toEqual(expect.objectContaining({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }));
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0]?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': ['WebOriginAccessControl', 'Id'] });
    expect(config.Origins[0]?.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(['redirect-to-https', 'https-only']).toContain(config.DefaultCacheBehavior.ViewerProtocolPolicy);
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(config.CacheBehaviors).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations.map((association) => association.EventType)).toEqual(['viewer-request']);
  });

  it('sends the security headers npm start sends, with the API found by name in SSM', () => {
    const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const config = (policy.Properties?.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;
    const local = securityHeaders(`{{resolve:ssm:${webParameters(STAGE).apiUrl}}}`);

    expect(config.ContentSecurityPolicy?.ContentSecurityPolicy).toBe(local['content-security-policy']);
    expect(config.ContentTypeOptions).toEqual({ Override: true });
    expect(config.FrameOptions?.FrameOption).toBe(local['x-frame-options']);
    expect(config.ReferrerPolicy?.ReferrerPolicy).toBe(local['referrer-policy']);
    expect(local['x-content-type-options']).toBe('nosniff');
    expect(Object.keys(local).sort()).toEqual(['content-security-policy', 'referrer-policy', 'x-content-type-options', 'x-frame-options']);
  });

  it('publishes its bucket and address where npm run deploy -- web finds them', () => {
    const names = ofType('AWS::SSM::Parameter').map(([, parameter]) => parameter.Properties?.Name);
    expect(names.sort()).toEqual([webParameters(STAGE).bucket, webParameters(STAGE).url]);
    expect(ofType('AWS::Lambda::Function')).toEqual([]);
  });
});

// A stack that breaks every rule once, to show that each rule can fail.
const role = (statements: object[]) => ({
  Type: 'AWS::IAM::Role',
  Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] },
});
const fn = (key: string, roleId: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { FunctionName: `shop-orders-dev-${key}`, Role: { 'Fn::GetAtt': [roleId, 'Arn'] } },
});
const broken: Stack = {
  service: 'orders',
  stage: 'dev',
  template: {
    Resources: {
      HttpApi: { Type: 'AWS::ApiGatewayV2::Api' },
      ListRole: role([
        { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }] },
        { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: ['*'] },
        { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [{ 'Fn::Sub': 'arn:aws:ssm:r:a:parameter/shop-secret/dev/users/signing-keys' }] },
      ]),
      ListLambdaFunction: fn('list', 'ListRole'),
      ListLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/shop-orders-dev-list' } },
      ConsumeLambdaFunction: fn('consume', 'ListRole'),
      ConsumeMapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { 'Fn::GetAtt': ['ConsumeLambdaFunction', 'Arn'] }, EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
      },
      Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { IntegrationUri: { 'Fn::GetAtt': ['ListLambdaFunction', 'Arn'] } } },
      Route: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /orders' }, DependsOn: 'Integration' },
      OrdersTable: { Type: 'AWS::DynamoDB::Table' },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } } },
      Dlq: { Type: 'AWS::SQS::Queue' },
      Lonely: { Type: 'AWS::SQS::Queue' },
      CatalogQueueRole: role([{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::Sub': 'arn:aws:sqs:r:a:shop-dev-catalog-stock-commands' }] }]),
      SendLambdaFunction: { ...fn('send', 'CatalogQueueRole'), Properties: { ...fn('send', 'CatalogQueueRole').Properties, TracingConfig: { Mode: 'Active' } } },
      TracedLambdaFunction: { ...fn('traced', 'TracedRole'), Properties: { ...fn('traced', 'TracedRole').Properties, TracingConfig: { Mode: 'Active' } } },
      TracedRole: role([{ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] }]),
    },
  },
};

describe('the rules, on a stack that breaks each of them', () => {
  it('finds an action on "*"', () => expect(noStarResources(broken)).toEqual(['list: dynamodb:GetItem on "*"', 'consume: dynamodb:GetItem on "*"']));
  it('finds a shared role', () => expect(everyFunctionHasItsOwnRole(broken)).toContain('list: shares its role with consume'));
  it("finds another service's queue and the signing key", () => {
    const findings = reachesOnlyItsOwn(broken);
    expect(findings).toContain('list: reads the private signing key');
    expect(findings).toContain("send: reaches queue shop-dev-catalog-stock-commands, another service's");
  });
  it('finds a wildcard that covers a secret, however it is written', () => {
    const orders: Stack = {
      service: 'orders',
      stage: 'dev',
      template: {
        Resources: {
          ReplyLambdaFunction: fn('reply', 'ReplyRole'),
          ReplyRole: role([{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [{ 'Fn::Sub': 'arn:aws:ssm:r:a:parameter/shop-secret/dev/*/provider-*' }, { 'Fn::Sub': 'arn:aws:ssm:r:a:parameter/shop/dev/*' }] }]),
        },
      },
    };
    expect(reachesOnlyItsOwn(orders)).toEqual(["reply: reads the payment provider's secret key"]);
  });
  it("lets a role send to another service's queue only when that service publishes it as an inbox", () => {
    const inboxes = new Set(['shop-dev-catalog-stock-commands']);
    expect(reachesOnlyItsOwn(broken, inboxes)).not.toContain("send: reaches queue shop-dev-catalog-stock-commands, another service's");
    const catalog: Stack = {
      service: 'catalog',
      stage: 'dev',
      template: { Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/shop/dev/catalog/queues/stock-commands/url' } } } },
    };
    expect([...publishedQueues([catalog])]).toEqual(['shop-dev-catalog-stock-commands']);
  });
  it("lets a role read the depth of an inbox's DLQ, and nothing else of it", () => {
    const gauge = (actions: string[]): Stack => ({
      service: 'orders',
      stage: 'dev',
      template: { Resources: { GaugeLambdaFunction: fn('gauge', 'GaugeRole'), GaugeRole: role([{ Effect: 'Allow', Action: actions, Resource: [{ 'Fn::Sub': 'arn:aws:sqs:r:a:shop-dev-catalog-stock-commands-dlq' }] }]) } },
    });
    const catalog: Stack = {
      service: 'catalog',
      stage: 'dev',
      template: {
        Resources: {
          P: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/shop/dev/catalog/queues/stock-commands/url' } },
          Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-dev-catalog-stock-commands', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['D', 'Arn'] } } } },
          D: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-dev-catalog-stock-commands-dlq' } },
        },
      },
    };
    const dlqs = inboxDeadLetterQueues([catalog]);

    expect([...dlqs]).toEqual(['shop-dev-catalog-stock-commands-dlq']);
    expect(reachesOnlyItsOwn(gauge(['sqs:GetQueueUrl', 'sqs:GetQueueAttributes']), new Set(), dlqs)).toEqual([]);
    expect(reachesOnlyItsOwn(gauge(['sqs:ReceiveMessage']), new Set(), dlqs)).toEqual(["gauge: reaches queue shop-dev-catalog-stock-commands-dlq, another service's"]);
  });
  it('finds an SES grant on every identity, or one that may change them', () => {
    const mailer = (Resource: string, Action: string[]): Stack => ({
      service: 'orders',
      stage: 'dev',
      template: { Resources: { R: role([{ Effect: 'Allow', Action, Resource: [{ 'Fn::Sub': Resource }] }]), F: fn('mail', 'R') } },
    });
    const identity = 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/';

    expect(reachesOnlyItsOwn(mailer(`${identity}shop@dev.example.com`, ['ses:SendEmail', 'ses:GetEmailIdentity']))).toEqual([]);
    expect(reachesOnlyItsOwn(mailer(`${identity}*`, ['ses:SendEmail']))).toEqual([`mail: reaches ${identity}*, which is none of its own`]);
    expect(reachesOnlyItsOwn(mailer(`${identity}dev.example.com`, ['ses:DeleteEmailIdentity']))).toEqual([`mail: reaches ${identity}dev.example.com, which is none of its own`]);
  });
  it('finds a GET route that writes', () => expect(readersDoNotWrite(broken)).toEqual(['GET /orders (list) may dynamodb:PutItem']));
  it('finds a queue without a DLQ and a DLQ without an alarm', () =>
    expect(everyQueueHasADlqWithAnAlarm(broken).sort()).toEqual(['DLQ Dlq has no alarm on its depth', 'queue Lonely has no DLQ']));
  it('finds a function without log retention', () =>
    expect(everyFunctionKeepsLogsForAWhile(broken).sort()).toEqual([
      'consume has no log group with a retention',
      'list has no log group with a retention',
      'send has no log group with a retention',
      'traced has no log group with a retention',
    ]));
  it('finds a consumer that writes with no bound', () =>
    expect(storeWritingConsumersAreBounded(broken)).toEqual(['consume writes to a store from a queue with no maximum concurrency']));
  it('finds an API without a dashboard, and a dashboard that leaves a queue, a DLQ, the API or a metric out', () => {
    expect(dashboardShowsTheSystem(broken, [broken], [])).toEqual(['the API’s stack has no dashboard']);
    const partial: Stack = {
      ...broken,
      template: {
        Resources: {
          ...broken.template.Resources,
          Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q', RedrivePolicy: {} } },
          Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q-dlq' } },
          Lonely: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'lonely' } },
          Board: {
            Type: 'AWS::CloudWatch::Dashboard',
            Properties: { DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets: [{ properties: { metrics: [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'q'], ['AWS/ApiGateway', '5xx', 'ApiId', '${HttpApi}']] } }] }) } },
          },
        },
      },
    };
    expect(dashboardShowsTheSystem(partial, [partial], [{ namespace: 'shop', name: 'ordersEnded', dimensions: ['outcome=CONFIRMED'] }]).sort()).toEqual([
      'the dashboard does not draw shop/ordersEnded outcome=CONFIRMED',
      "the dashboard does not draw the API's Latency",
      'the dashboard does not draw the depth of lonely',
      'the dashboard does not draw the depth of q-dlq',
      'the dashboard does not draw what q has in flight',
    ]);
  });
  it('finds a table that goes with its stack', () =>
    expect(tablesOutliveTheirStack(broken)).toEqual(['OrdersTable is not kept when its stack is removed or it is replaced']));
  it('finds an API without alarms', () =>
    expect(apiHasAlarms(broken)).toEqual(['the API has no alarm on its 5xx rate', 'the API has no alarm on its p99 latency']));
  it('finds the functions not traced and one whose role cannot send traces, and passes one traced with a role that can', () =>
    expect(everyFunctionIsTraced(broken).sort()).toEqual(['consume is not traced', 'list is not traced', 'send is traced but its role cannot send traces']));
});
