import { encodeCursor, decodeCursor } from '../adapters/notification-cursor.ts';
import { notificationSortKey } from '../adapters/notifications-table.ts';
import type { Email, Notification } from '../domain/notification.ts';
import type { EmailSender, NotificationPage, NotificationQuery, NotificationStore, SendingClaim } from '../ports.ts';

/** A NotificationStore in memory, keeping the DynamoDB adapter's promises (see notification-store.contract.ts). */
export class InMemoryNotifications implements NotificationStore {
  readonly #byEvent = new Map<string, Notification>();
  /** The claims on sending, by notification id. */
  readonly #claims = new Map<string, SendingClaim>();

  async add(notification: Notification): Promise<Notification> {
    const key = `${notification.orderId}#${notification.type}`;
    const standing = this.#byEvent.get(key);
    if (standing !== undefined) return { ...standing };
    this.#byEvent.set(key, { ...notification });
    return notification;
  }

  async claimSending(notification: Notification, claim: SendingClaim, now: string): Promise<boolean> {
    const stored = this.#stored(notification.id);
    const held = this.#claims.get(notification.id);
    if (stored === undefined || stored.sentAt !== undefined || (held !== undefined && held.until > now)) return false;
    this.#claims.set(notification.id, { ...claim });
    return true;
  }

  async giveUpSending(notification: Notification, claim: SendingClaim): Promise<void> {
    if (this.#claims.get(notification.id)?.id === claim.id) this.#claims.delete(notification.id);
  }

  async recordSent(notification: Notification & { sentAt: string }): Promise<void> {
    const stored = this.#stored(notification.id);
    if (stored === undefined) throw new Error(`There is no notification ${notification.id}.`);
    stored.sentAt ??= notification.sentAt;
    this.#claims.delete(notification.id);
  }

  #stored(id: string): Notification | undefined {
    return [...this.#byEvent.values()].find((notification) => notification.id === id);
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
