import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { authorizationsOf, UncheckableCommandError, type AwsService } from './iam-requests.ts';

const scope = { account: '000000000000', region: 'eu-west-1' };
const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-orders';
const QUEUE_URL = 'http://sqs.eu-west-1.localhost:9324/000000000000/shop-test-orders-replies';
const QUEUE = 'arn:aws:sqs:eu-west-1:000000000000:shop-test-orders-replies';
const parameter = (path: string) => `arn:aws:ssm:eu-west-1:000000000000:parameter${path}`;

describe('what IAM authorises for each command', () => {
  it.each([
    ['GetItemCommand', 'dynamodb:GetItem'],
    ['PutItemCommand', 'dynamodb:PutItem'],
    ['UpdateItemCommand', 'dynamodb:UpdateItem'],
    ['DeleteItemCommand', 'dynamodb:DeleteItem'],
    ['DescribeTableCommand', 'dynamodb:DescribeTable'],
    ['QueryCommand', 'dynamodb:Query'],
    ['ScanCommand', 'dynamodb:Scan'],
  ])('DynamoDB %s: %s on the table', (command, action) => {
    expect(authorizationsOf('dynamodb', command, { TableName: 'shop-test-orders' }, scope)).toEqual([{ action, resources: [TABLE] }]);
  });

  it('DynamoDB Query of an index: on the index, not the table', () => {
    expect(authorizationsOf('dynamodb', 'QueryCommand', { TableName: 'shop-test-orders', IndexName: 'byCustomer' }, scope)).toEqual([
      { action: 'dynamodb:Query', resources: [`${TABLE}/index/byCustomer`] },
    ]);
  });

  it('DynamoDB: a table named by its ARN is that ARN', () => {
    expect(authorizationsOf('dynamodb', 'GetItemCommand', { TableName: TABLE }, scope)).toEqual([{ action: 'dynamodb:GetItem', resources: [TABLE] }]);
  });

  it('DynamoDB BatchGetItem: BatchGetItem on every table it reads', () => {
    const input = { RequestItems: { 'shop-test-orders': { Keys: [] }, 'shop-test-users': { Keys: [] } } };

    expect(authorizationsOf('dynamodb', 'BatchGetItemCommand', input, scope)).toEqual([
      { action: 'dynamodb:BatchGetItem', resources: [TABLE] },
      { action: 'dynamodb:BatchGetItem', resources: ['arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-users'] },
    ]);
  });

  it('DynamoDB TransactWriteItems: for each item, the action it would be alone, on its own table', () => {
    const input = {
      TransactItems: [
        { Put: { TableName: 'shop-test-users', Item: {} } },
        { Update: { TableName: 'shop-test-orders', Key: {} } },
        { Delete: { TableName: 'shop-test-orders', Key: {} } },
        { ConditionCheck: { TableName: 'shop-test-orders', Key: {} } },
      ],
    };

    expect(authorizationsOf('dynamodb', 'TransactWriteItemsCommand', input, scope)).toEqual([
      { action: 'dynamodb:PutItem', resources: ['arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-users'] },
      { action: 'dynamodb:UpdateItem', resources: [TABLE] },
      { action: 'dynamodb:DeleteItem', resources: [TABLE] },
      { action: 'dynamodb:ConditionCheckItem', resources: [TABLE] },
    ]);
  });

  it.each([
    ['SendMessageCommand', 'sqs:SendMessage'],
    ['SendMessageBatchCommand', 'sqs:SendMessage'],
    ['GetQueueAttributesCommand', 'sqs:GetQueueAttributes'],
    ['DeleteMessageCommand', 'sqs:DeleteMessage'],
    ['ChangeMessageVisibilityCommand', 'sqs:ChangeMessageVisibility'],
  ])('SQS %s: %s on the queue its URL names', (command, action) => {
    expect(authorizationsOf('sqs', command, { QueueUrl: QUEUE_URL }, scope)).toEqual([{ action, resources: [QUEUE] }]);
  });

  it('SQS GetQueueUrl: on the queue it names, in its owner’s account when given', () => {
    expect(authorizationsOf('sqs', 'GetQueueUrlCommand', { QueueName: 'shop-test-orders-replies' }, scope)).toEqual([{ action: 'sqs:GetQueueUrl', resources: [QUEUE] }]);
    expect(authorizationsOf('sqs', 'GetQueueUrlCommand', { QueueName: 'q', QueueOwnerAWSAccountId: '111122223333' }, scope)).toEqual([
      { action: 'sqs:GetQueueUrl', resources: ['arn:aws:sqs:eu-west-1:111122223333:q'] },
    ]);
  });

  it('SSM GetParameter: on the parameter, whatever version or label it asks for', () => {
    expect(authorizationsOf('ssm', 'GetParameterCommand', { Name: '/shop/test/orders/url' }, scope)).toEqual([
      { action: 'ssm:GetParameter', resources: [parameter('/shop/test/orders/url')] },
    ]);
    expect(authorizationsOf('ssm', 'GetParameterCommand', { Name: '/shop/test/orders/url:3' }, scope)).toEqual([
      { action: 'ssm:GetParameter', resources: [parameter('/shop/test/orders/url')] },
    ]);
    expect(authorizationsOf('ssm', 'GetParameterCommand', { Name: 'plain' }, scope)).toEqual([{ action: 'ssm:GetParameter', resources: [parameter('/plain')] }]);
  });

  it('SSM GetParameters: on each parameter it names', () => {
    expect(authorizationsOf('ssm', 'GetParametersCommand', { Names: ['/a', '/b'] }, scope)).toEqual([
      { action: 'ssm:GetParameters', resources: [parameter('/a')] },
      { action: 'ssm:GetParameters', resources: [parameter('/b')] },
    ]);
  });

  it('SSM GetParametersByPath: on the path as asked for, not on the parameters under it', () => {
    expect(authorizationsOf('ssm', 'GetParametersByPathCommand', { Path: '/shop/test/', Recursive: true }, scope)).toEqual([
      { action: 'ssm:GetParametersByPath', resources: [parameter('/shop/test/')] },
    ]);
  });

  it('SES SendEmail: on the sender’s address identity, or its domain’s', () => {
    expect(authorizationsOf('ses', 'SendEmailCommand', { FromEmailAddress: 'Shop <shop@test.example.com>' }, scope)).toEqual([
      {
        action: 'ses:SendEmail',
        resources: ['arn:aws:ses:eu-west-1:000000000000:identity/shop@test.example.com', 'arn:aws:ses:eu-west-1:000000000000:identity/test.example.com'],
      },
    ]);
  });

  it('SES SendEmail: on the identity it names, and on its configuration set', () => {
    const input = { FromEmailAddress: 'shop@test.example.com', FromEmailAddressIdentityArn: 'arn:aws:ses:eu-west-1:111122223333:identity/example.com', ConfigurationSetName: 'shop' };

    expect(authorizationsOf('ses', 'SendEmailCommand', input, scope)).toEqual([
      { action: 'ses:SendEmail', resources: ['arn:aws:ses:eu-west-1:111122223333:identity/example.com'] },
      { action: 'ses:SendEmail', resources: ['arn:aws:ses:eu-west-1:000000000000:configuration-set/shop'] },
    ]);
  });

  it('SES GetEmailIdentity: on the identity it asks about', () => {
    expect(authorizationsOf('ses', 'GetEmailIdentityCommand', { EmailIdentity: 'test.example.com' }, scope)).toEqual([
      { action: 'ses:GetEmailIdentity', resources: ['arn:aws:ses:eu-west-1:000000000000:identity/test.example.com'] },
    ]);
  });

  it('refuses a command it has no mapping for, saying where to add one', () => {
    expect(() => authorizationsOf('dynamodb', 'DeleteTableCommand', { TableName: 't' }, scope)).toThrow(UncheckableCommandError);
    expect(() => authorizationsOf('sqs', 'PurgeQueueCommand', { QueueUrl: QUEUE_URL }, scope)).toThrow(/lib\/aws\/iam-requests\.ts/);
  });
});

const ROOT = resolve(__dirname, '../..');
const SERVICE_OF_PACKAGE: Record<string, AwsService> = {
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sesv2': 'ses',
};
// The document client's commands send the low-level ones.
const LOW_LEVEL: Record<string, string> = {
  GetCommand: 'GetItemCommand',
  PutCommand: 'PutItemCommand',
  UpdateCommand: 'UpdateItemCommand',
  DeleteCommand: 'DeleteItemCommand',
  BatchGetCommand: 'BatchGetItemCommand',
  BatchWriteCommand: 'BatchWriteItemCommand',
  TransactWriteCommand: 'TransactWriteItemsCommand',
  TransactGetCommand: 'TransactGetItemsCommand',
};

const sourcesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('testing/'))
    .map((file) => join(ROOT, dir, file));

/** Every command a file sends: the SDK commands (and paginators) it imports, by service. */
function commandsIn(file: string): Array<[AwsService, string]> {
  const found: Array<[AwsService, string]> = [];
  for (const [, names = '', from = ''] of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
    const service = SERVICE_OF_PACKAGE[from];
    if (service === undefined) continue;
    for (const name of names.split(',').map((part) => part.trim())) {
      const paginated = /^paginate(\w+)$/.exec(name)?.[1];
      if (paginated !== undefined) found.push([service, `${paginated}Command`]);
      else if (/^\w+Command$/.test(name)) found.push([service, LOW_LEVEL[name] ?? name]);
    }
  }
  return found;
}

describe('every command the functions send', () => {
  // Our code, and what the Powertools utilities it uses send with our clients.
  const files = [
    ...sourcesUnder('functions'),
    ...sourcesUnder('lib'),
    join(ROOT, 'node_modules/@aws-lambda-powertools/parameters/lib/esm/ssm/SSMProvider.js'),
    join(ROOT, 'node_modules/@aws-lambda-powertools/idempotency/lib/esm/persistence/DynamoDBPersistenceLayer.js'),
  ];
  const commands = [...new Map(files.flatMap(commandsIn).map(([service, command]) => [`${service} ${command}`, [service, command] as const])).values()];

  it('are found where they are sent', () => {
    expect(commands.map(([service, command]) => `${service} ${command}`)).toEqual(
      expect.arrayContaining(['dynamodb TransactWriteItemsCommand', 'sqs SendMessageCommand', 'ssm GetParametersByPathCommand', 'ses SendEmailCommand']),
    );
  });

  it('can each be checked against a role', () => {
    const input = { TableName: 't', QueueUrl: QUEUE_URL, QueueName: 'q', Name: '/p', Names: ['/p'], Path: '/p/', FromEmailAddress: 'a@example.com' };
    const unchecked = commands.filter(([service, command]) => {
      try {
        authorizationsOf(service, command, input, scope);
        return false;
      } catch (error) {
        if (error instanceof UncheckableCommandError) return true;
        throw error;
      }
    });

    expect(unchecked).toEqual([]);
  });
});
