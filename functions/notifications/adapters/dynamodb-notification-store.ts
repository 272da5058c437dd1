import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { describeReasons, failedCondition, transact } from '../../../lib/aws/dynamodb-transact.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import type { Notification } from '../domain/notification.ts';
import type { NotificationPage, NotificationQuery, NotificationStore, SendingClaim } from '../ports.ts';
import { decodeCursor, encodeCursor } from './notification-cursor.ts';
import { handledEventKey, notificationFromItem, notificationKey, userPartition } from './notifications-table.ts';

export class DynamoDbNotificationStore implements NotificationStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async add(notification: Notification): Promise<Notification> {
    const key = notificationKey(notification);
    const handled = handledEventKey(notification.orderId, notification.type);
    const reasons = await transact(this.#db, [
      {
        Put: {
          TableName: this.#table,
          Item: { ...handled, type: 'HandledEvent', userId: notification.userId, notificationSk: key.sk, createdAt: notification.createdAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.#table, Item: { ...key, ...notification }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    if (reasons === undefined) return notification;
    if (!failedCondition(reasons[0])) {
      throw new Error(`Could not store the notification of order ${notification.orderId}: ${describeReasons(reasons)}`);
    }
    return this.#standing(handled);
  }

  /** The notification an earlier delivery of the same event stored. */
  async #standing(handled: { pk: string; sk: string }): Promise<Notification> {
    const { Item: event } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: handled, ConsistentRead: true }));
    if (event === undefined) throw new Error(`The record of event ${handled.pk} vanished.`);
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { pk: userPartition(String(event.userId)), sk: String(event.notificationSk) }, ConsistentRead: true }),
    );
    if (Item === undefined) throw new Error(`The notification of event ${handled.pk} vanished.`);
    return notificationFromItem(Item);
  }

  async claimSending(notification: Notification, claim: SendingClaim, now: string): Promise<boolean> {
    const claimed = await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: notificationKey(notification),
          UpdateExpression: 'SET sendingClaim = :claim, sendingUntil = :until',
          // ISO times of one format compare as strings in time order.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt) AND (attribute_not_exists(sendingUntil) OR sendingUntil <= :now)',
          ExpressionAttributeValues: { ':claim': claim.id, ':until': claim.until, ':now': now },
        }),
      ),
    );
    return claimed !== undefined;
  }

  async giveUpSending(notification: Notification, claim: SendingClaim): Promise<void> {
    // Refused when the claim ran out and another delivery holds one now: that one is not ours to give up.
    await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: notificationKey(notification),
          UpdateExpression: 'REMOVE sendingClaim, sendingUntil',
          ConditionExpression: 'sendingClaim = :claim',
          ExpressionAttributeValues: { ':claim': claim.id },
        }),
      ),
    );
  }

  async recordSent(notification: Notification & { sentAt: string }): Promise<void> {
    const recorded = await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: notificationKey(notification),
          // The first time recorded stands: a late second send does not move it.
          UpdateExpression: 'SET sentAt = if_not_exists(sentAt, :sentAt) REMOVE sendingClaim, sendingUntil',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':sentAt': notification.sentAt },
        }),
      ),
    );
    if (recorded === undefined) throw new NotFoundError(`There is no notification ${notification.id}.`);
  }

  async list(userId: string, { limit, cursor }: NotificationQuery): Promise<NotificationPage> {
    const pk = userPartition(userId);
    const { Items = [], LastEvaluatedKey } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor === undefined ? {} : { ExclusiveStartKey: { pk, sk: decodeCursor(cursor) } }),
      }),
    );
    const items = Items.map(notificationFromItem);
    return LastEvaluatedKey === undefined ? { items } : { items, nextCursor: encodeCursor(String(LastEvaluatedKey.sk)) };
  }
}
