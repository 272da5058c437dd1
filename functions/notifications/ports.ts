import type { Email, Notification } from './domain/notification.ts';

export type NotificationQuery = { limit: number; cursor?: string };
export type NotificationPage = { items: Notification[]; nextCursor?: string };
/** One delivery's hold on sending a notification: who holds it (`id`) and until when (an ISO time). */
export type SendingClaim = { id: string; until: string };

export interface NotificationStore {
  /**
   * Stores the notification unless one for the same order and event type is stored already, in one
   * write with the record that the event was handled; returns the one that stands (the new one, or the
   * one stored by an earlier delivery, sent or not).
   */
  add(notification: Notification): Promise<Notification>;
  /**
   * Claims the sending of a stored notification, in one conditional write, so that of the deliveries of
   * one event only one sends: true when the notification is not sent and no claim lasting past `now`
   * (an ISO time) holds it; false otherwise (it is sent, or another delivery holds it).
   */
  claimSending(notification: Notification, claim: SendingClaim, now: string): Promise<boolean>;
  /** Gives up a claim, so that a redelivery can send at once; a claim another delivery has taken since is left alone. */
  giveUpSending(notification: Notification, claim: SendingClaim): Promise<void>;
  /** Records when the notification was sent; recording it again changes nothing. */
  recordSent(notification: Notification & { sentAt: string }): Promise<void>;
  /**
   * A page of one user's notifications, newest first. The cursor is opaque and a bad one is a
   * ValidationError naming `query.cursor`. No `nextCursor` means the listing is done.
   */
  list(userId: string, query: NotificationQuery): Promise<NotificationPage>;
}

export interface EmailSender {
  /** Sends the email, or throws (a TransientError when trying later may work). */
  send(email: Email): Promise<void>;
}

export type { Clock } from '../../lib/clock.ts';
export type { IdGenerator } from '../../lib/ids.ts';
