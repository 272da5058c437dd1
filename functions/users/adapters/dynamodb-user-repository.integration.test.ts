import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, resourceName } from '../../../test/support/aws.ts';
import { newUser } from '../domain/user.ts';
import { describeUserRepositoryContract } from '../testing/user-repository.contract.ts';
import { DynamoDbUserRepository } from './dynamodb-user-repository.ts';
import { emailKey, userKey } from './users-table.ts';

const table = resourceName('users');
const users = new DynamoDbUserRepository(documents, table);
const item = async (key: Record<string, string>) => (await documents.send(new GetCommand({ TableName: table, Key: key }))).Item;

describeUserRepositoryContract('the DynamoDB user repository, against DynamoDB Local', () => users);

describe("the DynamoDB user repository's table layout", () => {
  const now = new Date('2026-11-22T12:00:00.000Z');

  it('keeps the password hash on the user item alone, never on the email claim, even after it changes', async () => {
    const account = { user: newUser({ email: `user-${randomUUID()}@example.com`, name: 'Ada' }, randomUUID(), now), passwordHash: 'scrypt$14$8$1$salt$key' };
    await users.add(account);
    await users.setPasswordHash(account.user.id, 'scrypt$15$8$1$salt$other', now);

    expect(await item(emailKey(account.user.email))).toEqual({
      ...emailKey(account.user.email),
      type: 'EmailClaim',
      userId: account.user.id,
      createdAt: account.user.createdAt,
    });
    expect(await item(userKey(account.user.id))).toMatchObject({ type: 'User', passwordHash: 'scrypt$15$8$1$salt$other' });
  });
});
