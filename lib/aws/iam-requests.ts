/**
 * What IAM authorises for each SDK command the shop's functions send: the action and the resource ARN
 * AWS checks, one per item for the calls that touch several (a transaction's items, a batch's tables).
 * A command not listed here cannot be checked, so it is refused loudly rather than let through.
 */
export type AwsService = 'dynamodb' | 'sqs' | 'ssm' | 'ses';

/** One permission a call needs: `action` on the first resource, or on any of the others where AWS accepts several. */
export type Authorization = { action: string; resources: readonly [string, ...string[]] };

/** The account and region ARNs are written for. */
export type ArnScope = { account: string; region: string };

type Input = Record<string, unknown>;
type Mapping = (input: Input, scope: ArnScope) => Authorization[];

export class UncheckableCommandError extends Error {
  override readonly name = 'UncheckableCommandError';
}

export function authorizationsOf(service: AwsService, command: string, input: Input, scope: ArnScope): Authorization[] {
  const mapping = MAPPINGS[service][command.replace(/Command$/, '')];
  if (mapping === undefined) {
    throw new UncheckableCommandError(
      `The local stack cannot check ${service} ${command} against the function's role: add what IAM authorises for it to lib/aws/iam-requests.ts.`,
    );
  }
  return mapping(input, scope);
}

const one = (action: string, resource: string): Authorization[] => [{ action, resources: [resource] }];
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

// DynamoDB: a table is named by its name or its ARN; a Query or Scan of an index is authorised on the index.
const table = (name: unknown, { account, region }: ArnScope): string => {
  const given = text(name);
  return given.startsWith('arn:') ? given : `arn:aws:dynamodb:${region}:${account}:table/${given}`;
};
const onTable =
  (action: string): Mapping =>
  (input, scope) =>
    one(`dynamodb:${action}`, table(input.TableName, scope));
const onTableOrIndex =
  (action: string): Mapping =>
  (input, scope) =>
    one(`dynamodb:${action}`, input.IndexName === undefined ? table(input.TableName, scope) : `${table(input.TableName, scope)}/index/${text(input.IndexName)}`);
const onEachTable =
  (action: string): Mapping =>
  (input, scope) =>
    Object.keys((input.RequestItems ?? {}) as Input).flatMap((name) => one(`dynamodb:${action}`, table(name, scope)));
/** A transaction needs, for each of its items, the action that item would be alone. */
const onEachItem =
  (actions: Record<string, string>): Mapping =>
  (input, scope) =>
    ((input.TransactItems ?? []) as Input[]).flatMap((item) =>
      Object.entries(item).flatMap(([kind, operation]) => {
        const action = actions[kind];
        if (action === undefined) throw new UncheckableCommandError(`A transaction item of kind ${kind} cannot be checked locally.`);
        return one(`dynamodb:${action}`, table((operation as Input).TableName, scope));
      }),
    );

// SQS: a queue is named by its URL (https://sqs.<region>.amazonaws.com/<account>/<name>) or, to look the URL up, by its name.
const queueOfUrl = (url: unknown, { region }: ArnScope): string => {
  const [name = '', account = ''] = text(url).split('/').reverse();
  return `arn:aws:sqs:${region}:${account}:${name}`;
};
const onQueue =
  (action: string): Mapping =>
  (input, scope) =>
    one(`sqs:${action}`, queueOfUrl(input.QueueUrl, scope));

// SSM: a parameter is named by its name (a version or label after a colon selects no other resource) or its ARN;
// GetParametersByPath is authorised on the path asked for, not on the parameters it returns.
const parameter = (name: unknown, { account, region }: ArnScope): string => {
  const given = text(name);
  if (given.startsWith('arn:')) return given;
  const path = given.split(':')[0] ?? '';
  return `arn:aws:ssm:${region}:${account}:parameter${path.startsWith('/') ? '' : '/'}${path}`;
};
const onParameter =
  (action: string, field: 'Name' | 'Path'): Mapping =>
  (input, scope) =>
    one(`ssm:${action}`, parameter(input[field], scope));

// SES: a send is authorised on the identity it is sent as. Which one that is, the address or its domain,
// depends on which the account verified, which the local stack cannot know: a grant on either will do.
const identity = (name: string, { account, region }: ArnScope): string => `arn:aws:ses:${region}:${account}:identity/${name}`;
const sendEmail: Mapping = (input, scope) => {
  const address = /<([^>]+)>\s*$/.exec(text(input.FromEmailAddress))?.[1] ?? text(input.FromEmailAddress);
  const given = text(input.FromEmailAddressIdentityArn);
  const identities: [string, ...string[]] =
    given === '' ? [identity(address, scope), identity(address.split('@').at(-1) ?? '', scope)] : [given];
  const sends = [{ action: 'ses:SendEmail', resources: identities }];
  if (input.ConfigurationSetName === undefined) return sends;
  return [...sends, ...one('ses:SendEmail', `arn:aws:ses:${scope.region}:${scope.account}:configuration-set/${text(input.ConfigurationSetName)}`)];
};

const MAPPINGS: Record<AwsService, Record<string, Mapping>> = {
  dynamodb: {
    GetItem: onTable('GetItem'),
    PutItem: onTable('PutItem'),
    UpdateItem: onTable('UpdateItem'),
    DeleteItem: onTable('DeleteItem'),
    DescribeTable: onTable('DescribeTable'),
    Query: onTableOrIndex('Query'),
    Scan: onTableOrIndex('Scan'),
    BatchGetItem: onEachTable('BatchGetItem'),
    BatchWriteItem: onEachTable('BatchWriteItem'),
    TransactWriteItems: onEachItem({ Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }),
    TransactGetItems: onEachItem({ Get: 'GetItem' }),
  },
  sqs: {
    SendMessage: onQueue('SendMessage'),
    SendMessageBatch: onQueue('SendMessage'),
    ReceiveMessage: onQueue('ReceiveMessage'),
    DeleteMessage: onQueue('DeleteMessage'),
    DeleteMessageBatch: onQueue('DeleteMessage'),
    ChangeMessageVisibility: onQueue('ChangeMessageVisibility'),
    ChangeMessageVisibilityBatch: onQueue('ChangeMessageVisibility'),
    GetQueueAttributes: onQueue('GetQueueAttributes'),
    GetQueueUrl: (input, scope) =>
      one('sqs:GetQueueUrl', `arn:aws:sqs:${scope.region}:${text(input.QueueOwnerAWSAccountId) || scope.account}:${text(input.QueueName)}`),
  },
  ssm: {
    GetParameter: onParameter('GetParameter', 'Name'),
    GetParameters: (input, scope) => ((input.Names ?? []) as unknown[]).flatMap((name) => one('ssm:GetParameters', parameter(name, scope))),
    GetParametersByPath: onParameter('GetParametersByPath', 'Path'),
    PutParameter: onParameter('PutParameter', 'Name'),
    DeleteParameter: onParameter('DeleteParameter', 'Name'),
  },
  ses: {
    SendEmail: sendEmail,
    GetEmailIdentity: (input, scope) => one('ses:GetEmailIdentity', identity(text(input.EmailIdentity), scope)),
  },
};
