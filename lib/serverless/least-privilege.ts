/**
 * Gives every function a role of its own holding only what its `grants` list names, plus what Lambda
 * needs to run it: writing its own log group, sending its traces when it is traced, and, for a queue
 * consumer, reading its queue. osls has
 * no per-function `iam:` block, and serverless-iam-roles-per-function is unmaintained.
 *
 * A grant is `{ on: <resource>, allow: [actions] }`. A resource is a logical id of this stack
 * (`CatalogTable`, and `CatalogTable/index/*` for its indexes), `queue:<name>` or `parameter:<path>` for
 * a queue or an SSM parameter of this account and region, or an ARN or dynamic reference as it is.
 * `ses-sender:<address>` is what mail from that address is authorised on: the address and its domain,
 * as SES identities (SES checks whichever of them the account verified).
 * `sendsSagaMessages: true` grants what sending every message of the order saga takes, from the one
 * table of where each goes (lib/contracts/routes.ts): no such grant is written by hand.
 *
 * Every service stack loads this plugin, so it also applies the one stack-wide rule that is no grant:
 * tables are kept when their stack is removed (retain-tables.ts).
 */
import { SAGA_MESSAGES } from '../contracts/routes.ts';
import { retainTables } from './retain-tables.ts';

type Intrinsic = Record<string, unknown>;
export type Statement = { Effect: 'Allow'; Action: string[]; Resource: unknown[] };
export type Grant = { on: string; allow: string[] };
export type FunctionConfig = {
  name: string;
  role?: string;
  grants?: Grant[];
  sendsSagaMessages?: boolean;
  tracing?: string | boolean;
  events?: Array<{ sqs?: { arn: unknown } | string }>;
};
type Naming = { getNormalizedFunctionName(key: string): string; getLogGroupLogicalId(key: string): string };
type Serverless = {
  service: {
    getAllFunctions(): string[];
    getFunction(key: string): FunctionConfig;
    provider: { tracing?: { lambda?: string | boolean }; compiledCloudFormationTemplate: { Resources: Record<string, unknown> } };
  };
  configSchemaHandler: { defineFunctionProperties(provider: string, schema: object): void };
  getProvider(name: 'aws'): { getStage(): string; naming: Naming };
};

const QUEUE_CONSUMER_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
// What AWSXRayDaemonWriteAccess holds for a traced function: X-Ray has no resource-level permissions.
const TRACING_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

export default class LeastPrivilegePlugin {
  readonly hooks: Record<string, () => void>;
  readonly #serverless: Serverless;

  constructor(serverless: Serverless) {
    this.#serverless = serverless;
    serverless.configSchemaHandler.defineFunctionProperties('aws', {
      properties: {
        grants: {
          type: 'array',
          items: {
            type: 'object',
            properties: { on: { type: 'string' }, allow: { type: 'array', items: { type: 'string' }, minItems: 1 } },
            required: ['on', 'allow'],
            additionalProperties: false,
          },
        },
        sendsSagaMessages: { type: 'boolean' },
      },
    });
    this.hooks = {
      // Before the framework decides whether it needs its shared role (it does not, once every function has one).
      initialize: () => this.#assignRoles(),
      'before:package:compileFunctions': () => this.#addRoles(),
      // Once the stack's own resources are in the template, before it is saved.
      'after:aws:package:finalize:mergeCustomProviderResources': () => retainTables(this.#serverless.service.provider.compiledCloudFormationTemplate.Resources),
    };
  }

  #assignRoles(): void {
    const { service } = this.#serverless;
    const { naming } = this.#serverless.getProvider('aws');
    for (const key of service.getAllFunctions()) service.getFunction(key).role = roleId(naming, key);
  }

  #addRoles(): void {
    const { service } = this.#serverless;
    const provider = this.#serverless.getProvider('aws');
    const { naming } = provider;
    const stage = provider.getStage();
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    const providerTraces = Boolean(service.provider.tracing?.lambda);
    for (const key of service.getAllFunctions()) {
      const fn = service.getFunction(key);
      resources[roleId(naming, key)] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
          },
          Policies: [{ PolicyName: `${fn.name}-policy`, PolicyDocument: { Version: '2012-10-17', Statement: roleStatements(fn, grantsOf(fn, stage), naming.getLogGroupLogicalId(key), providerTraces) } }],
        },
      };
    }
  }
}

/** The logical id of a function's role. */
export const roleId = (naming: Naming, key: string): string => `${naming.getNormalizedFunctionName(key)}Role`;

/** What a function's `grants` list, and its `sendsSagaMessages`, grant it at `stage`. */
export function grantsOf(fn: FunctionConfig, stage: string): Grant[] {
  return [...(fn.grants ?? []), ...(fn.sendsSagaMessages === true ? sagaSendGrants(stage) : [])];
}

/**
 * A function's whole policy, as its role holds it: its log group (by logical id), its grants, reading
 * the queues it consumes, and sending traces when it is traced. The local stack checks every AWS call
 * a function makes against these same statements (scripts/local/local-iam-policies.ts).
 */
export function roleStatements(fn: FunctionConfig, grants: readonly Grant[], logGroupId: string, providerTraces: boolean): Statement[] {
  const statements: Statement[] = [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': [logGroupId, 'Arn'] }] },
    ...grants.map(({ on, allow }): Statement => ({ Effect: 'Allow', Action: allow, Resource: arnsOf(on) })),
  ];
  const queues = (fn.events ?? []).flatMap((event) => (event.sqs === undefined ? [] : [typeof event.sqs === 'string' ? event.sqs : event.sqs.arn]));
  if (queues.length > 0) statements.push({ Effect: 'Allow', Action: QUEUE_CONSUMER_ACTIONS, Resource: queues });
  // As osls reads it: a function's own `tracing`, else the provider's; Active and PassThrough both send segments,
  // and a function's `false` falls back to the provider's.
  if (fn.tracing || providerTraces) statements.push({ Effect: 'Allow', Action: TRACING_ACTIONS, Resource: ['*'] });
  return statements;
}

/** Sending every message of the saga: each destination queue, and the parameter that publishes its URL. */
export function sagaSendGrants(stage: string): Grant[] {
  const routes = [...new Map(Object.values(SAGA_MESSAGES).map(({ to }) => [`${to.service}/${to.queue}`, to])).values()];
  return routes.flatMap(({ service, queue }) => [
    { on: `queue:shop-${stage}-${service}-${queue}`, allow: ['sqs:SendMessage'] },
    { on: `parameter:/shop/${stage}/${service}/queues/${queue}/url`, allow: ['ssm:GetParameter'] },
  ]);
}

function arnsOf(resource: string): Array<string | Intrinsic> {
  if (!resource.startsWith('ses-sender:')) return [arnOf(resource)];
  const address = resource.slice('ses-sender:'.length);
  return [address, address.slice(address.lastIndexOf('@') + 1)].map((identity) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`,
  }));
}

function arnOf(resource: string): string | Intrinsic {
  if (resource.startsWith('arn:') || resource.startsWith('{{resolve:')) return resource;
  if (resource.startsWith('queue:')) return { 'Fn::Sub': `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${resource.slice('queue:'.length)}` };
  if (resource.startsWith('parameter:')) return { 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${resource.slice('parameter:'.length)}` };
  const [logicalId, ...path] = resource.split('/');
  const arn = { 'Fn::GetAtt': [logicalId, 'Arn'] };
  return path.length === 0 ? arn : { 'Fn::Join': ['/', [arn, ...path]] };
}
