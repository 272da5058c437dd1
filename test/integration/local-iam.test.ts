/**
 * IAM enforced locally, shown by taking grants away: a stack of its own, as `npm start` runs it, whose
 * `register` function may not write the users table and whose `orderEvents` consumer may not send
 * email (`--without-grant`). Each call its role would refuse on AWS is refused here the same way, and
 * the request fails (500) or the message ends in its DLQ, before any deploy. Every other test runs
 * against the shared stack with every grant in place: their passing shows the grants are complete.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../../lib/aws/clients.ts';
import { LOCAL_CREDENTIALS } from '../../scripts/aws-target.ts';
import { ANY_PORTS, launchStack, type Endpoints, type LaunchedStack } from '../../scripts/local/launch.ts';
import { eventually } from '../support/aws.ts';

const ROOT = resolve(__dirname, '../..');
// The test stage's short queue timeouts, in emulators of its own: nothing is shared with the other stack.
const STAGE = 'test';
const LOG = join(tmpdir(), `shop-without-grants-${process.pid}.log`);
const ACCOUNT = '000000000000';
const { AWS_ENDPOINT_URL: _a, AWS_ENDPOINT_URL_DYNAMODB: _d, AWS_ENDPOINT_URL_SQS: _s, AWS_ENDPOINT_URL_SSM: _m, AWS_ENDPOINT_URL_SESV2: _e, ...cleanEnv } = process.env;

let stack: LaunchedStack;
let endpoints: Endpoints;
let sqs: SQSClient;

beforeAll(async () => {
  stack = launchStack({
    root: ROOT,
    args: ['--stage', STAGE, '--ephemeral', ...ANY_PORTS, '--without-grant', 'register:dynamodb:PutItem', '--without-grant', 'orderEvents:ses:SendEmail'],
    env: cleanEnv,
    logFile: LOG,
    readyFile: join(tmpdir(), `shop-without-grants-${process.pid}.json`),
  });
  endpoints = await stack.ready;
  // The emulators take any credentials; this process has none of its own (no shared stack set them).
  sqs = sqsClient({ region: endpoints.region, credentials: LOCAL_CREDENTIALS }, { AWS_ENDPOINT_URL_SQS: endpoints.sqs });
}, 180_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
}, 60_000);

const stackLog = () => readFileSync(LOG, 'utf8');
const refusal = (role: string, fn: string, action: string, resource: string) =>
  `User: arn:aws:sts::${ACCOUNT}:assumed-role/shop-${STAGE}-${role}/shop-${STAGE}-${fn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

async function queueDepth(name: string): Promise<number> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe('a function whose role lacks a grant its code needs, on the local stack', () => {
  it('is refused as DynamoDB refuses it, and the request is answered 500', async () => {
    const response = await fetch(`${endpoints.api}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `iam-${randomUUID()}@example.com`, password: 'correct horse battery staple', name: 'Ada' }),
    });

    expect(response.status).toBe(500);
    expect(stackLog()).toContain(refusal('RegisterRole', 'register', 'dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shop-${STAGE}-users`));
    expect(stackLog()).toContain('"name":"AccessDeniedException"');
  });

  it('leaves the functions that hold their grants as they were', async () => {
    const response = await fetch(`${endpoints.api}/users/health`);

    expect(response.status).toBe(200);
  });

  it('is refused as SES refuses it, and the message ends in the dead-letter queue', async () => {
    const orderId = randomUUID();
    const customerEmail = `iam-${randomUUID()}@example.com`;
    const event = {
      messageId: randomUUID(),
      type: 'OrderConfirmed',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `iam-${orderId}`,
      data: { orderId, customerId: randomUUID(), customerEmail, totalCents: 2599, currency: 'EUR' },
    };
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `shop-${STAGE}-notifications-order-events` }));

    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(event) }));
    await eventually(async () => ((await queueDepth(`shop-${STAGE}-notifications-order-events-dlq`)) === 1 ? true : undefined), 45_000, 'the event in the DLQ');

    expect(stackLog()).toContain(
      `User \`arn:aws:sts::${ACCOUNT}:assumed-role/shop-${STAGE}-OrderEventsRole/shop-${STAGE}-orderEvents' is not authorized to perform \`ses:SendEmail' on resource \`arn:aws:ses:eu-west-1:${ACCOUNT}:identity/shop@${STAGE}.example.com'`,
    );
    const mail = (await (await fetch(`${endpoints.ses}/store`)).json()) as { emails: Array<{ destination: { to: string[] } }> };
    expect(mail.emails.filter(({ destination }) => destination.to.includes(customerEmail))).toEqual([]);
  }, 60_000);
});
