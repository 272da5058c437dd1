import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, DynamoDBServiceException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient, SQSServiceException, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { AccessDeniedException, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { scopedToFunction } from '../invocation.ts';
import { checkedLocally, LOCAL_IAM_POLICIES_VARIABLE, type LocalPolicies } from './local-iam.ts';

const ORDERS = 'arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-orders';
const REPLIES_URL = 'http://sqs.eu-west-1.localhost:9324/000000000000/shop-test-orders-replies';

const policies: LocalPolicies = {
  account: '000000000000',
  region: 'eu-west-1',
  functions: {
    'shop-test-getOrder': { role: 'shop-test-GetOrderRole', statements: [{ Action: ['dynamodb:GetItem'], Resource: [ORDERS] }] },
    'shop-test-placeOrder': {
      role: 'shop-test-PlaceOrderRole',
      statements: [
        { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: [ORDERS] },
        { Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:eu-west-1:000000000000:shop-test-*-replies'] },
        { Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:eu-west-1:000000000000:parameter/shop/test/catalog/*'] },
        { Action: ['ses:SendEmail'], Resource: ['arn:aws:ses:eu-west-1:*:identity/test.example.com'] },
      ],
    },
  },
};

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-iam-test-'));
  writeFileSync(join(dir, 'policies.json'), JSON.stringify(policies));
  env = { [LOCAL_IAM_POLICIES_VARIABLE]: join(dir, 'policies.json') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What reached the wire: the calls the check let through, each answered as a success. */
let sent: string[] = [];
beforeEach(() => {
  sent = [];
});
const requestHandler = {
  handle: async (request: { headers: Record<string, string>; path: string }) => {
    sent.push(request.headers['x-amz-target'] ?? request.path);
    return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode('{}') } };
  },
};
const config = { md5: false as const, region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler, maxAttempts: 1 };

/** Runs `work` as an invocation of the named function, as its handler would. */
const as = <T>(functionName: string, work: () => Promise<T>): Promise<T> => scopedToFunction(work)({}, { functionName } as Context);

const refusal = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error as Error & { $metadata: { httpStatusCode: number } });

describe('the local IAM check', () => {
  it('lets a call the function’s role allows through to the service', async () => {
    const dynamo = checkedLocally('dynamodb', new DynamoDBClient(config), env);

    await as('shop-test-getOrder', () => dynamo.send(new GetItemCommand({ TableName: 'shop-test-orders', Key: { pk: { S: 'o' } } })));

    expect(sent).toEqual(['DynamoDB_20120810.GetItem']);
  });

  it('refuses what the role does not allow as DynamoDB does, sending nothing', async () => {
    const dynamo = checkedLocally('dynamodb', new DynamoDBClient(config), env);

    const error = await refusal(as('shop-test-getOrder', () => dynamo.send(new PutItemCommand({ TableName: 'shop-test-orders', Item: { pk: { S: 'o' } } }))));

    expect(error).toBeInstanceOf(DynamoDBServiceException);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect(error?.message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/shop-test-GetOrderRole/shop-test-getOrder is not authorized to perform: dynamodb:PutItem on resource: ${ORDERS} because no identity-based policy allows the dynamodb:PutItem action`,
    );
    expect(sent).toEqual([]);
  });

  it('checks every item of a transaction sent through the document client', async () => {
    const documents = DynamoDBDocumentClient.from(checkedLocally('dynamodb', new DynamoDBClient(config), env));
    const transaction = new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: 'shop-test-orders', Item: { pk: 'o' } } }, { Put: { TableName: 'shop-test-users', Item: { pk: 'u' } } }],
    });

    const error = await refusal(as('shop-test-placeOrder', () => documents.send(transaction)));

    expect(error?.message).toContain('dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-users');
    expect(sent).toEqual([]);
  });

  it('checks each call against the role of the function whose invocation sends it, when invocations interleave', async () => {
    const dynamo = checkedLocally('dynamodb', new DynamoDBClient(config), env);
    const put = () => dynamo.send(new PutItemCommand({ TableName: 'shop-test-orders', Item: { pk: { S: 'o' } } }));
    const afterAWhile = async <T>(work: () => Promise<T>): Promise<T> => {
      await new Promise((wake) => setTimeout(wake, Math.random() * 10));
      return work();
    };

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => {
        const fn = index % 2 === 0 ? 'shop-test-placeOrder' : 'shop-test-getOrder';
        return as(fn, () => afterAWhile(put)).then(
          () => `${fn} allowed`,
          () => `${fn} refused`,
        );
      }),
    );

    expect(new Set(outcomes)).toEqual(new Set(['shop-test-placeOrder allowed', 'shop-test-getOrder refused']));
    expect(sent).toHaveLength(10);
  });

  it('refuses as SQS does: AccessDenied, 403, the action in lower case', async () => {
    const sqs = checkedLocally('sqs', new SQSClient(config), env);

    await as('shop-test-placeOrder', () => sqs.send(new SendMessageCommand({ QueueUrl: REPLIES_URL, MessageBody: '{}' })));
    const error = await refusal(
      as('shop-test-placeOrder', () =>
        sqs.send(new SendMessageCommand({ QueueUrl: 'http://sqs.eu-west-1.localhost:9324/000000000000/shop-test-payments-commands', MessageBody: '{}' })),
      ),
    );

    expect(sent).toEqual(['AmazonSQS.SendMessage']);
    expect(error).toBeInstanceOf(SQSServiceException);
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(error?.message).toBe(
      'User: arn:aws:sts::000000000000:assumed-role/shop-test-PlaceOrderRole/shop-test-placeOrder is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:eu-west-1:000000000000:shop-test-payments-commands because no identity-based policy allows the sqs:sendmessage action',
    );
  });

  it('refuses as SSM does', async () => {
    const ssm = checkedLocally('ssm', new SSMClient(config), env);

    const error = await refusal(as('shop-test-placeOrder', () => ssm.send(new GetParameterCommand({ Name: '/shop-secret/test/users/signing-keys' }))));

    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(error?.message).toContain('ssm:GetParameter on resource: arn:aws:ssm:eu-west-1:000000000000:parameter/shop-secret/test/users/signing-keys');
  });

  it('refuses as SES does, and lets a sender whose domain is granted send', async () => {
    const ses = checkedLocally('ses', new SESv2Client(config), env);
    const email = (from: string) =>
      new SendEmailCommand({ FromEmailAddress: from, Destination: { ToAddresses: ['a@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } });

    await as('shop-test-placeOrder', () => ses.send(email('shop@test.example.com')));
    const error = await refusal(as('shop-test-placeOrder', () => ses.send(email('shop@other.example.com'))));

    expect(sent).toEqual(['/v2/email/outbound-emails']);
    expect(error).toBeInstanceOf(SESv2ServiceException);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(error?.message).toBe(
      "User `arn:aws:sts::000000000000:assumed-role/shop-test-PlaceOrderRole/shop-test-placeOrder' is not authorized to perform `ses:SendEmail' on resource `arn:aws:ses:eu-west-1:000000000000:identity/shop@other.example.com'",
    );
  });

  it('fails loudly on a command it cannot check, and on a call outside any invocation', async () => {
    const sqs = checkedLocally('sqs', new SQSClient(config), env);

    await expect(as('shop-test-placeOrder', () => sqs.send(new PurgeQueueCommand({ QueueUrl: REPLIES_URL })))).rejects.toThrow(/cannot check sqs PurgeQueueCommand/);
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: REPLIES_URL, MessageBody: '{}' }))).rejects.toThrow(/outside any function's invocation/);
    await expect(as('shop-test-unknown', () => sqs.send(new SendMessageCommand({ QueueUrl: REPLIES_URL, MessageBody: '{}' })))).rejects.toThrow(/no policy for function shop-test-unknown/);
    expect(sent).toEqual([]);
  });

  it('checks nothing where the local stack gave no policies (on AWS)', async () => {
    const dynamo = checkedLocally('dynamodb', new DynamoDBClient(config), {});

    await dynamo.send(new PutItemCommand({ TableName: 'shop-test-orders', Item: { pk: { S: 'o' } } }));

    expect(sent).toEqual(['DynamoDB_20120810.PutItem']);
  });
});
