import type { Notification } from '../domain/notification.ts';
import type { NotificationQuery, NotificationStore } from '../ports.ts';

/** What a customer sees of a notification (the email body and address stay with the service). */
export type NotificationView = Pick<Notification, 'id' | 'orderId' | 'type' | 'subject' | 'sentAt' | 'createdAt'>;

/** The caller's own notifications, newest first. */
export async function listNotifications(
  { notifications }: { notifications: NotificationStore },
  userId: string,
  query: NotificationQuery,
): Promise<{ items: NotificationView[]; nextCursor?: string }> {
  const page = await notifications.list(userId, query);
  return {
    items: page.items.map(({ id, orderId, type, subject, sentAt, createdAt }) => ({ id, orderId, type, subject, sentAt, createdAt })),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}
