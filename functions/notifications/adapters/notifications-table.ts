import type { Notification } from '../domain/notification.ts';

/**
 * The notifications table's layout (single table, owned by the notifications service alone):
 *   notification   pk USER#<userId>               sk NOTIFICATION#<createdAt>#<id>   (newest last in key order)
 *   handled event  pk EVENT#<orderId>#<eventType> sk EVENT                           (names its notification)
 * Both are written in one transaction, so an event is handled exactly when its notification exists.
 */
export const userPartition = (userId: string) => `USER#${userId}`;
export const notificationSortKey = (notification: Pick<Notification, 'createdAt' | 'id'>) => `NOTIFICATION#${notification.createdAt}#${notification.id}`;
export const notificationKey = (notification: Pick<Notification, 'userId' | 'createdAt' | 'id'>) => ({
  pk: userPartition(notification.userId),
  sk: notificationSortKey(notification),
});
export const handledEventKey = (orderId: string, type: string) => ({ pk: `EVENT#${orderId}#${type}`, sk: 'EVENT' });

export function notificationFromItem(item: Record<string, unknown>): Notification {
  const { id, userId, orderId, type, email, subject, text, createdAt, sentAt } = item;
  return { id, userId, orderId, type, email, subject, text, createdAt, ...(sentAt === undefined ? {} : { sentAt }) } as Notification;
}
