import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import type { Account, Role, User } from '../domain/user.ts';
import type { UserRepository } from '../ports.ts';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { assignments } from '../../../lib/aws/dynamodb-expressions.ts';
import { describeReasons, failedCondition, transact } from '../../../lib/aws/dynamodb-transact.ts';
import { accountFromItem, emailClaimItem, emailKey, userItem, userKey } from './users-table.ts';

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
      { Put: { TableName: this.#table, Item: emailClaimItem(user), ConditionExpression: 'attribute_not_exists(pk)' } },
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
    const { Item: claim } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: emailKey(email), ConsistentRead: true }));
    return claim === undefined ? undefined : this.findById(String(claim.userId));
  }

  async rename(userId: string, name: string, now: Date): Promise<User> {
    return accountFromItem(await this.#set(userId, { name }, now)).user;
  }

  async setRole(userId: string, role: Role, now: Date): Promise<void> {
    await this.#set(userId, { role }, now);
  }

  async setPasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
    await this.#set(userId, { passwordHash }, now);
  }

  /**
   * Sets only the given attributes (and updatedAt), so concurrent changes of different ones do not undo
   * each other; answers the item as it now is.
   */
  async #set(userId: string, fields: Record<string, string>, now: Date): Promise<Record<string, unknown>> {
    const { set, names, values } = assignments({ ...fields, updatedAt: now.toISOString() });
    const changed = await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: userKey(userId),
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    if (changed === undefined) throw new NotFoundError('There is no such user.');
    if (changed.Attributes === undefined) throw new Error(`DynamoDB answered the change of user ${userId} without the item.`);
    return changed.Attributes;
  }
}
