/**
 * Creates the tables, queues and SSM parameters declared under `resources` in serverless.yml on a
 * local endpoint (DynamoDB Local, fauxqs, the SSM emulator, LocalStack): serverless.yml stays the one
 * definition. Translation from CloudFormation is pure and unit-tested; applying it is idempotent, so a
 * restart finds its data.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { GetParameterCommand, PutParameterCommand, type ParameterType, type SSMClient } from '@aws-sdk/client-ssm';

export type CfnResource = { Type: string; Properties?: Record<string, unknown> };
export type CfnResources = Record<string, CfnResource>;

export type TableSpec = { create: CreateTableCommandInput; ttlAttribute?: string };
export type QueueSpec = {
  logicalId: string;
  name: string;
  attributes: Record<string, string>;
  /** The queue's DLQ (logical id) and how many receives before a message moves there. */
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
};

// CreateTable takes these properties as CloudFormation spells them; the rest are applied separately
// (TTL) or have no local meaning (point-in-time recovery, encryption, tags, contributor insights).
const CREATE_TABLE_PROPERTIES = [
  'TableName',
  'AttributeDefinitions',
  'KeySchema',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'StreamSpecification',
] as const;

export function tableSpecs(resources: CfnResources): TableSpec[] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, { Properties = {} }]) => {
      const create = Object.fromEntries(
        CREATE_TABLE_PROPERTIES.filter((key) => Properties[key] !== undefined).map((key) => [key, Properties[key]]),
      ) as unknown as CreateTableCommandInput;
      if (typeof create.TableName !== 'string') throw new Error(`Table ${logicalId} needs a literal TableName.`);
      const ttl = Properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
      return ttl?.Enabled === true && ttl.AttributeName !== undefined
        ? { create, ttlAttribute: ttl.AttributeName }
        : { create };
    });
}

// Queue properties that are queue attributes of the same name.
const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
] as const;

/** Queues in creation order: every DLQ before the queues that send to it. */
export function queueSpecs(resources: CfnResources): QueueSpec[] {
  const specs = Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::SQS::Queue')
    .map(([logicalId, { Properties = {} }]): QueueSpec => {
      if (typeof Properties.QueueName !== 'string') throw new Error(`Queue ${logicalId} needs a literal QueueName.`);
      const attributes = Object.fromEntries(
        QUEUE_ATTRIBUTES.filter((key) => Properties[key] !== undefined).map((key) => [key, String(Properties[key])]),
      );
      const redrive = Properties.RedrivePolicy as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown } | undefined;
      const spec: QueueSpec = { logicalId, name: Properties.QueueName, attributes };
      if (redrive === undefined) return spec;
      return {
        ...spec,
        redrive: {
          deadLetterQueue: logicalIdOfArn(redrive.deadLetterTargetArn, logicalId),
          maxReceiveCount: Number(redrive.maxReceiveCount),
        },
      };
    });
  return [...specs].sort((a, b) => Number(a.redrive !== undefined) - Number(b.redrive !== undefined));
}

/** `!GetAtt Queue.Arn` in any of the shapes the YAML parser leaves it in, as the queue's logical id. */
export function logicalIdOfArn(reference: unknown, usedBy: string): string {
  const getAtt = (reference as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  const parts: unknown[] = typeof getAtt === 'string' ? getAtt.split('.') : Array.isArray(getAtt) ? (getAtt as unknown[]) : [];
  const [id, attribute] = parts;
  if (typeof id === 'string' && attribute === 'Arn') return id;
  throw new Error(`${usedBy}: only "!GetAtt <Queue>.Arn" is understood locally, not ${JSON.stringify(reference)}.`);
}

export type CreatedQueue = { name: string; url: string; arn: string };

export async function ensureQueues(sqs: SQSClient, specs: QueueSpec[]): Promise<Map<string, CreatedQueue>> {
  const created = new Map<string, CreatedQueue>();
  for (const spec of specs) {
    const attributes = { ...spec.attributes };
    if (spec.redrive !== undefined) {
      const target = created.get(spec.redrive.deadLetterQueue);
      if (target === undefined) throw new Error(`${spec.logicalId}: its DLQ ${spec.redrive.deadLetterQueue} is not a queue here.`);
      attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: target.arn, maxReceiveCount: spec.redrive.maxReceiveCount });
    }
    const url = await createOrUpdateQueue(sqs, spec.name, attributes);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    created.set(spec.logicalId, { name: spec.name, url, arn: Attributes?.QueueArn ?? '' });
  }
  return created;
}

async function createOrUpdateQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return String(QueueUrl);
  } catch (error) {
    // The queue exists with other attributes (serverless.yml changed since): bring it in line.
    if (!(error instanceof QueueNameExists)) throw error;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { FifoQueue: _fixedAtCreation, ...changeable } = attributes;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: changeable }));
    return String(QueueUrl);
  }
}

export async function ensureTables(dynamo: DynamoDBClient, specs: TableSpec[]): Promise<void> {
  for (const { create, ttlAttribute } of specs) {
    const TableName = String(create.TableName);
    const existing = await describe(dynamo, TableName);
    if (existing === undefined) {
      await dynamo.send(new CreateTableCommand(create));
      await waitUntilTableExists({ client: dynamo, maxWaitTime: 30 }, { TableName });
    } else {
      await addMissingIndexes(dynamo, create, existing);
    }
    if (ttlAttribute !== undefined) await enableTtl(dynamo, TableName, ttlAttribute);
  }
}

async function describe(dynamo: DynamoDBClient, TableName: string) {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** A table kept from an earlier run gets the indexes serverless.yml added since; a changed key needs `npm run reset`. */
async function addMissingIndexes(
  dynamo: DynamoDBClient,
  wanted: CreateTableCommandInput,
  existing: NonNullable<Awaited<ReturnType<typeof describe>>>,
): Promise<void> {
  const keyOf = (schema: unknown) => JSON.stringify(schema);
  if (keyOf(wanted.KeySchema) !== keyOf(existing.KeySchema)) {
    throw new Error(`Table ${wanted.TableName} has another key schema than serverless.yml: run "npm run reset" to rebuild it.`);
  }
  const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = (wanted.GlobalSecondaryIndexes ?? []).filter((index) => !have.has(index.IndexName));
  for (const index of missing) {
    await dynamo.send(
      new UpdateTableCommand({
        TableName: wanted.TableName,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: withoutThroughputIfOnDemand(index, wanted.BillingMode) }],
      }),
    );
  }
}

const withoutThroughputIfOnDemand = (index: GlobalSecondaryIndex, billingMode: string | undefined): GlobalSecondaryIndex => {
  if (billingMode !== 'PAY_PER_REQUEST') return index;
  const { ProvisionedThroughput: _unused, ...rest } = index;
  return rest;
};

async function enableTtl(dynamo: DynamoDBClient, TableName: string, AttributeName: string): Promise<void> {
  const { TimeToLiveDescription } = await dynamo.send(new DescribeTimeToLiveCommand({ TableName }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' && TimeToLiveDescription.AttributeName === AttributeName) return;
  await dynamo.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName, Enabled: true } }));
}

export type ParameterSpec = {
  logicalId: string;
  name: string;
  type: ParameterType;
  /** The value with `!Ref`/`!GetAtt` resolved; `{{resolve:ssm:<name>}}` is resolved when it is put. */
  value: string;
};
export type SkippedParameter = { logicalId: string; reason: string };
/** What the local stack knows when it creates parameters: its queues (by logical id) and its API's URL. */
export type LocalValues = { queues: ReadonlyMap<string, CreatedQueue>; apiEndpoint: string };

const SSM_REFERENCE = /\{\{resolve:ssm:([^:}]+)(?::\d+)?\}\}/g;

/**
 * The stack's SSM parameters with the local stack's own values, each after the parameters its value
 * resolves (`{{resolve:ssm:...}}`). A value naming what only exists on AWS (the HTTP API's id, an
 * authorizer's) has no local meaning: that parameter is skipped, and said so.
 */
export function parameterSpecs(resources: CfnResources, local: LocalValues): { parameters: ParameterSpec[]; skipped: SkippedParameter[] } {
  const parameters: ParameterSpec[] = [];
  const skipped: SkippedParameter[] = [];
  for (const [logicalId, { Properties = {} }] of Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SSM::Parameter')) {
    if (typeof Properties.Name !== 'string') throw new Error(`Parameter ${logicalId} needs a literal Name.`);
    const type = (Properties.Type ?? 'String') as ParameterType;
    const value = localValue(logicalId, Properties.Value, local);
    if (typeof value === 'string') parameters.push({ logicalId, name: Properties.Name, type, value });
    else skipped.push({ logicalId, reason: value.skip });
  }
  return { parameters: inDependencyOrder(parameters), skipped };
}

function localValue(logicalId: string, value: unknown, { queues, apiEndpoint }: LocalValues): string | { skip: string } {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = (value as { Ref?: unknown } | undefined)?.Ref;
  if (typeof ref === 'string') {
    return queues.get(ref)?.url ?? { skip: `!Ref ${ref} is not a queue of the local stack` };
  }
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  const [id, attribute] = typeof getAtt === 'string' ? getAtt.split('.') : Array.isArray(getAtt) ? (getAtt as unknown[]).map(String) : [];
  if (id !== undefined && attribute !== undefined) {
    if (id === 'HttpApi' && attribute === 'ApiEndpoint') return apiEndpoint;
    const queue = queues.get(id);
    if (queue !== undefined && attribute === 'Arn') return queue.arn;
    return { skip: `!GetAtt ${id}.${attribute} has no local value` };
  }
  throw new Error(`Parameter ${logicalId}: only a literal, "!Ref <Queue>", "!GetAtt <Queue>.Arn" or "!GetAtt HttpApi.ApiEndpoint" is understood locally, not ${JSON.stringify(value)}.`);
}

const referencedNames = (value: string): string[] => [...value.matchAll(SSM_REFERENCE)].map((match) => String(match[1]));

/** Every parameter after the ones of this stack it resolves; a cycle cannot be created and is refused. */
function inDependencyOrder(parameters: ParameterSpec[]): ParameterSpec[] {
  const byName = new Map(parameters.map((parameter) => [parameter.name, parameter]));
  const ordered: ParameterSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (parameter: ParameterSpec, path: string[]): void => {
    if (state.get(parameter.name) === 'done') return;
    if (state.get(parameter.name) === 'visiting') throw new Error(`Parameters resolve each other in a cycle: ${[...path, parameter.name].join(' -> ')}.`);
    state.set(parameter.name, 'visiting');
    for (const name of referencedNames(parameter.value)) {
      const dependency = byName.get(name);
      if (dependency !== undefined) visit(dependency, [...path, parameter.name]);
    }
    state.set(parameter.name, 'done');
    ordered.push(parameter);
  };
  for (const parameter of parameters) visit(parameter, []);
  return ordered;
}

/** Puts each parameter (Overwrite: a restart brings them in line), resolving `{{resolve:ssm:...}}` from SSM as CloudFormation does. */
export async function ensureParameters(ssm: SSMClient, specs: readonly ParameterSpec[]): Promise<void> {
  for (const { name, type, value } of specs) {
    let resolved = value;
    for (const reference of new Set(referencedNames(value))) {
      const found = await ssm.send(new GetParameterCommand({ Name: reference })).catch((error: unknown) => {
        throw new Error(`Parameter ${name} resolves {{resolve:ssm:${reference}}}, which does not exist locally.`, { cause: error });
      });
      resolved = resolved.replace(SSM_REFERENCE, (whole, referenced: string) => (referenced === reference ? String(found.Parameter?.Value) : whole));
    }
    await ssm.send(new PutParameterCommand({ Name: name, Type: type, Value: resolved, Overwrite: true }));
  }
}
