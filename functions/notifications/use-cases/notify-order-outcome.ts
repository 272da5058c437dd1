import type { OrderEvent } from '../../../lib/contracts/order-events.ts';
import { NotFoundError, TransientError } from '../../../lib/errors.ts';
import { retrying } from '../../../lib/retry.ts';
import { emailOf, markSent, notificationOf } from '../domain/notification.ts';
import type { Clock, EmailSender, IdGenerator, NotificationStore } from '../ports.ts';

export type NotifyDeps = {
  notifications: NotificationStore;
  email: EmailSender;
  clock: Clock;
  ids: IdGenerator;
  /** How long a delivery holds the sending of a notification: no less than the function may run. */
  sendingClaimSeconds: number;
};

/**
 * Tells the customer how their order ended: stores the notification (once per order and outcome,
 * however often the event comes), then claims its sending, emails it and marks it sent. Deliveries of
 * one event may run at once: only the one holding the claim sends, and another fails with a
 * TransientError, so it comes back and finds the notification sent. A failed send gives its claim up
 * and throws, so the event comes back to send again; a crash leaves a claim that runs out.
 */
export async function notifyOrderOutcome({ notifications, email, clock, ids, sendingClaimSeconds }: NotifyDeps, event: OrderEvent): Promise<void> {
  const stored = await notifications.add(notificationOf(event, ids.next(), clock.now()));
  if (stored.sentAt !== undefined) return;
  const now = clock.now();
  const claim = { id: ids.next(), until: new Date(now.getTime() + sendingClaimSeconds * 1000).toISOString() };
  if (!(await notifications.claimSending(stored, claim, now.toISOString()))) {
    throw new TransientError(`Notification ${stored.id} is being sent by another delivery, or was sent.`);
  }
  try {
    await email.send(emailOf(stored));
  } catch (error) {
    await notifications.giveUpSending(stored, claim);
    throw error;
  }
  // The email is gone: should the record of it fail for good, the claim runs out and a redelivery sends
  // it again, so a passing failure of the store (a restart, a throttle) is waited out here.
  const sent = markSent(stored, clock.now());
  await retrying(() => notifications.recordSent(sent), { when: (error) => !(error instanceof NotFoundError), retries: RECORD_SENT_RETRIES, delayMs: 200 });
}

/** Tries after the first to record a sent email: 200 ms doubling, some 6 s in all, within the function's time. */
const RECORD_SENT_RETRIES = 5;
