import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import type { Account, Role } from '../domain/user.ts';
import type { UserRepository } from '../ports.ts';
import { describeReasons, failedCondition, transact } from '../../../lib/aws/dynamodb-transact.ts';
import { accountFromItem, emailKey, userItem, userKey } from './users-table.ts';

export class DynamoDbUserRepository implements UserRepository {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async add(account: Account): Promise<void> {
    const { user } = account;
    const reasons = await transact(this.#db, [
      { Put: { TableName: this.#table, Item: userItem(account), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.#table,
          Item: { ...emailKey(user.email), type: 'EmailClaim', userId: user.id, createdAt: user.createdAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (reasons === undefined) return;
    if (failedCondition(reasons[1])) throw new ConflictError('An account with this email exists already.');
    throw new Error(`Could not add user ${user.id}: ${describeReasons(reasons)}`);
  }

  async findById(id: string): Promise<Account | undefined> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: userKey(id), ConsistentRead: true }));
    return Item === undefined ? undefined : accountFromItem(Item);
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: emailKey(email), ConsistentRead: true }));
    return Item === undefined ? undefined : this.findById(String(Item.userId));
  }

  rename(userId: string, name: string, now: Date): Promise<void> {
    return this.#set(userId, { name }, now);
  }

  setRole(userId: string, role: Role, now: Date): Promise<void> {
    return this.#set(userId, { role }, now);
  }

  setPasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
    return this.#set(userId, { passwordHash }, now);
  }

  /** Sets only the given attributes (and updatedAt), so concurrent changes of different ones do not undo each other. */
  async #set(userId: string, fields: Record<string, string>, now: Date): Promise<void> {
    const values = { ...fields, updatedAt: now.toISOString() };
    const names = Object.keys(values);
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: userKey(userId),
          UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, values[name as keyof typeof values]])),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new NotFoundError('There is no such user.');
      throw error;
    }
  }
}
