import type { OrderEvent } from '../../../lib/contracts/order-events.ts';
import { emailOf, markSent, notificationOf } from '../domain/notification.ts';
import type { Clock, EmailSender, IdGenerator, NotificationStore } from '../ports.ts';

export type NotifyDeps = { notifications: NotificationStore; email: EmailSender; clock: Clock; ids: IdGenerator };

/**
 * Tells the customer how their order ended: stores the notification (once per order and outcome,
 * however often the event comes), then emails it and marks it sent. A failed send throws, so the
 * event comes back and finds the stored, unsent notification to send again; a sent one is left alone.
 */
export async function notifyOrderOutcome({ notifications, email, clock, ids }: NotifyDeps, event: OrderEvent): Promise<void> {
  const stored = await notifications.add(notificationOf(event, ids.next(), clock.now()));
  if (stored.sentAt !== undefined) return;
  await email.send(emailOf(stored));
  await notifications.recordSent(markSent(stored, clock.now()));
}
