import { encodeCursor, decodeCursor } from '../adapters/notification-cursor.ts';
import { notificationSortKey } from '../adapters/notifications-table.ts';
import type { Email, Notification } from '../domain/notification.ts';
import type { EmailSender, NotificationPage, NotificationQuery, NotificationStore } from '../ports.ts';

/** A NotificationStore in memory, keeping the DynamoDB adapter's promises (see notification-store.contract.ts). */
export class InMemoryNotifications implements NotificationStore {
  readonly #byEvent = new Map<string, Notification>();

  async add(notification: Notification): Promise<Notification> {
    const key = `${notification.orderId}#${notification.type}`;
    const standing = this.#byEvent.get(key);
    if (standing !== undefined) return { ...standing };
    this.#byEvent.set(key, { ...notification });
    return notification;
  }

  async recordSent(notification: Notification & { sentAt: string }): Promise<void> {
    const stored = [...this.#byEvent.values()].find(({ id }) => id === notification.id);
    if (stored === undefined) throw new Error(`There is no notification ${notification.id}.`);
    stored.sentAt ??= notification.sentAt;
  }

  async list(userId: string, { limit, cursor }: NotificationQuery): Promise<NotificationPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const mine = [...this.#byEvent.values()]
      .filter((notification) => notification.userId === userId && (after === undefined || notificationSortKey(notification) < after))
      .sort((a, b) => (notificationSortKey(a) < notificationSortKey(b) ? 1 : -1));
    const items = mine.slice(0, limit).map((notification) => ({ ...notification }));
    const last = items.at(-1);
    // As DynamoDB's Query: a full page has a cursor, even when nothing follows it.
    return items.length === limit && last !== undefined ? { items, nextCursor: encodeCursor(notificationSortKey(last)) } : { items };
  }
}

/** An EmailSender that keeps what it sent; `failNext` makes the next sends fail as an outage would. */
export class RecordingEmailSender implements EmailSender {
  readonly sent: Email[] = [];
  failNext = 0;

  async send(email: Email): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('the mail service is down');
    }
    this.sent.push({ ...email });
  }
}
