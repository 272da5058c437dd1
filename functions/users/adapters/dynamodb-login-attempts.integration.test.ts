import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClient } from '../../../lib/aws/clients.ts';
import { documentClient } from '../../../lib/aws/document-client.ts';
import { documents, resourceName } from '../../../test/support/aws.ts';
import { PER_CLIENT } from '../domain/login-throttle.ts';
import { describeLoginAttemptsContract } from '../testing/login-attempts.contract.ts';
import { DynamoDbLoginAttempts } from './dynamodb-login-attempts.ts';
import { loginAttemptsKey } from './users-table.ts';

const table = resourceName('users');
const attempts = new DynamoDbLoginAttempts(documents, table);

describeLoginAttemptsContract('the DynamoDB login attempts, against DynamoDB Local', () => attempts);

describe("the DynamoDB login attempts' table layout and cost", () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const aClient = () => ({ email: `user-${randomUUID()}@example.com`, address: `2001:db8:${randomUUID().slice(0, 4)}::/64` });

  /** A document client of its own that records the name of each request it sends. */
  function countingDocuments() {
    const requests: string[] = [];
    const counted = documentClient(dynamoDbClient());
    counted.middlewareStack.add((next, context) => (args) => (requests.push(String(context.commandName)), next(args)), { step: 'initialize' });
    return { counted, requests };
  }

  it("keeps a window's item until the window is over (its TTL), however many failures it holds", async () => {
    const client = aClient();

    await attempts.countFailure(client, now, PER_CLIENT);
    await attempts.countFailure(client, later(60), PER_CLIENT);

    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: loginAttemptsKey(client) }));
    expect(Item).toMatchObject({ failures: 2, expiresAt: later(PER_CLIENT.windowSeconds).getTime() / 1000 });
  });

  it('counts a failure with one write where there is no window, and with one more in a live window', async () => {
    const client = aClient();
    const { counted, requests } = countingDocuments();
    const counting = new DynamoDbLoginAttempts(counted, table);

    await counting.countFailure(client, now, PER_CLIENT);
    await counting.countFailure(client, later(60), PER_CLIENT);

    expect(requests).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 2, startedAt: now });
    counted.destroy();
  });
});
