import { randomUUID } from 'node:crypto';
import type { OrderEvent } from '../../../lib/contracts/order-events.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import type { NotificationStore } from '../ports.ts';
import { InMemoryNotifications, RecordingEmailSender } from '../testing/in-memory.ts';
import { listNotifications } from './list-notifications.ts';
import { notifyOrderOutcome } from './notify-order-outcome.ts';

const data = { orderId: randomUUID(), customerId: 'user-ada', customerEmail: 'ada@example.com', totalCents: 2599, currency: 'EUR' };
const envelope = { messageId: randomUUID(), version: 1, occurredAt: '2026-11-22T12:00:00.000Z', correlationId: 'c-1' } as const;
const confirmed: OrderEvent = { ...envelope, type: 'OrderConfirmed', data };

function setUp() {
  const notifications = new InMemoryNotifications();
  const email = new RecordingEmailSender();
  const clock = new ManualClock('2026-11-22T12:00:00.000Z');
  let n = 0;
  const ids = { next: () => `00000000-0000-4000-8000-00000000000${++n}` };
  return { notifications, email, clock, ids, deps: { notifications, email, clock, ids, sendingClaimSeconds: 20 } };
}

describe('notifying a customer of how their order ended', () => {
  it('stores one notification for the customer and emails it, marked sent', async () => {
    const { deps, email, notifications } = setUp();

    await notifyOrderOutcome(deps, confirmed);

    expect(email.sent.map(({ to, subject }) => ({ to, subject }))).toEqual([{ to: 'ada@example.com', subject: 'Your order is confirmed' }]);
    expect(email.sent[0]?.text).toContain('We have charged 25.99 EUR');
    const page = await listNotifications({ notifications }, 'user-ada', { limit: 10 });
    expect(page.items).toEqual([
      { id: '00000000-0000-4000-8000-000000000001', orderId: data.orderId, type: 'OrderConfirmed', subject: 'Your order is confirmed', sentAt: '2026-11-22T12:00:00.000Z', createdAt: '2026-11-22T12:00:00.000Z' },
    ]);
  });

  it('makes neither a second notification nor a second email when the event comes again', async () => {
    const { deps, email, notifications } = setUp();

    await notifyOrderOutcome(deps, confirmed);
    await notifyOrderOutcome(deps, { ...confirmed, messageId: randomUUID() });

    expect(email.sent).toHaveLength(1);
    expect((await notifications.list('user-ada', { limit: 10 })).items).toHaveLength(1);
  });

  it('fails when the email cannot be sent, and a redelivery sends the one stored notification', async () => {
    const { deps, email, notifications } = setUp();
    email.failNext = 1;

    await expect(notifyOrderOutcome(deps, confirmed)).rejects.toThrow('the mail service is down');
    const unsent = (await notifications.list('user-ada', { limit: 10 })).items;
    await notifyOrderOutcome(deps, confirmed);

    expect(unsent.map(({ id, sentAt }) => ({ id, sentAt }))).toEqual([{ id: '00000000-0000-4000-8000-000000000001', sentAt: undefined }]);
    expect(email.sent).toHaveLength(1);
    const after = (await notifications.list('user-ada', { limit: 10 })).items;
    expect(after.map(({ id, sentAt }) => ({ id, sentAt }))).toEqual([{ id: '00000000-0000-4000-8000-000000000001', sentAt: '2026-11-22T12:00:00.000Z' }]);
  });

  it('records a sent email through a passing failure of its store, so that no redelivery sends it again', async () => {
    const { deps, email, notifications, clock } = setUp();
    let failures = 2;
    const flaky: NotificationStore = {
      add: (notification) => notifications.add(notification),
      claimSending: (notification, claim, now) => notifications.claimSending(notification, claim, now),
      giveUpSending: (notification, claim) => notifications.giveUpSending(notification, claim),
      list: (userId, query) => notifications.list(userId, query),
      recordSent: async (notification) => {
        if (failures-- > 0) throw new Error('the table is restarting');
        return notifications.recordSent(notification);
      },
    };

    await notifyOrderOutcome({ ...deps, notifications: flaky }, confirmed);
    clock.advanceSeconds(60);
    await notifyOrderOutcome(deps, { ...confirmed, messageId: randomUUID() });

    expect(email.sent).toHaveLength(1);
    expect((await notifications.list('user-ada', { limit: 10 })).items.map(({ sentAt }) => sentAt)).toEqual(['2026-11-22T12:00:00.000Z']);
  });

  it('sends one email when two deliveries of the event run at once, and fails the other to come back later', async () => {
    const { deps, email, notifications } = setUp();

    const outcomes = await Promise.allSettled([notifyOrderOutcome(deps, confirmed), notifyOrderOutcome(deps, { ...confirmed, messageId: randomUUID() })]);
    await notifyOrderOutcome(deps, confirmed);

    expect(email.sent).toHaveLength(1);
    expect(outcomes.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find(({ status }) => status === 'rejected')).toMatchObject({ reason: { name: 'TransientError' } });
    expect((await notifications.list('user-ada', { limit: 10 })).items.map(({ sentAt }) => sentAt)).toEqual(['2026-11-22T12:00:00.000Z']);
  });

  it('sends one email when a send fails and a redelivery comes at once, the stored notification then sent', async () => {
    const { deps, email, notifications, clock } = setUp();
    email.failNext = 1;

    await expect(notifyOrderOutcome(deps, confirmed)).rejects.toThrow('the mail service is down');
    clock.advanceSeconds(1);
    await notifyOrderOutcome(deps, { ...confirmed, messageId: randomUUID() });

    expect(email.sent).toHaveLength(1);
    const after = (await notifications.list('user-ada', { limit: 10 })).items;
    expect(after.map(({ id, sentAt }) => ({ id, sentAt }))).toEqual([{ id: '00000000-0000-4000-8000-000000000001', sentAt: '2026-11-22T12:00:01.000Z' }]);
  });

  it('sends, once the claim of a delivery that crashed has run out', async () => {
    const { deps, email, notifications, clock } = setUp();
    const stored = await notifications.add({ id: 'crashed', userId: 'user-ada', orderId: data.orderId, type: 'OrderConfirmed', email: 'ada@example.com', subject: 'Your order is confirmed', text: 'Thank you.\n', createdAt: '2026-11-22T12:00:00.000Z' });
    await notifications.claimSending(stored, { id: 'gone', until: '2026-11-22T12:00:20.000Z' }, '2026-11-22T12:00:00.000Z');

    await expect(notifyOrderOutcome(deps, confirmed)).rejects.toMatchObject({ name: 'TransientError' });
    clock.advanceSeconds(21);
    await notifyOrderOutcome(deps, confirmed);

    expect(email.sent).toHaveLength(1);
  });

  it.each([
    [{ ...envelope, type: 'OrderRejected', data: { ...data, reason: 'INSUFFICIENT_STOCK' } }, 'We could not take your order', 'out of stock'],
    [{ ...envelope, type: 'OrderPaymentFailed', data: { ...data, reason: 'CARD_DECLINED' } }, 'Your payment did not go through', 'the card was declined'],
    [{ ...envelope, version: 2, type: 'OrderPaymentFailed', data: { ...data, reason: 'PAYMENT_TIMED_OUT', refundedCents: 2599 } }, 'Your payment did not go through', 'we have refunded 25.99 EUR'],
    [{ ...envelope, type: 'OrderCancelled', data: { ...data, refundedCents: 2599 } }, 'Your order is cancelled', 'refunded 25.99 EUR'],
    [{ ...envelope, type: 'OrderCancelled', data: { ...data, refundedCents: 0 } }, 'Your order is cancelled', 'Nothing was charged'],
    [{ ...envelope, version: 2, type: 'OrderCancelled', data: { ...data, refundedCents: 2599, reason: 'CUSTOMER_REQUEST' } }, 'Your order is cancelled', 'cancelled as you asked'],
    [{ ...envelope, version: 2, type: 'OrderCancelled', data: { ...data, refundedCents: 0, reason: 'ADMIN_REQUEST' } }, 'Your order is cancelled', 'cancelled by our staff'],
    [{ ...envelope, version: 2, type: 'OrderCancelled', data: { ...data, refundedCents: 0, reason: 'STOCK_TIMED_OUT' } }, 'We could not complete your order', 'in time, so it is cancelled: you did nothing wrong'],
    [{ ...envelope, type: 'OrderCompensationFailed', data: { ...data, outcome: 'CANCELLED', pending: ['REFUND'] } }, 'Your order needs our attention', 'refund of 25.99 EUR is delayed'],
  ] as Array<[OrderEvent, string, string]>)('says what %j means in its own words', async (event, subject, words) => {
    const { deps, email } = setUp();

    await notifyOrderOutcome(deps, event);

    expect(email.sent.map(({ to, subject }) => ({ to, subject }))).toEqual([{ to: 'ada@example.com', subject }]);
    expect(email.sent[0]?.text).toContain(words);
    expect(email.sent[0]?.text).toContain(data.orderId);
  });
});

describe('listing notifications', () => {
  it('shows a customer their own, newest first, in pages, and never the email body or address', async () => {
    const { deps, clock, notifications } = setUp();
    for (const customerId of ['user-ada', 'user-bob', 'user-ada', 'user-ada']) {
      clock.advanceSeconds(60);
      await notifyOrderOutcome(deps, { ...confirmed, data: { ...data, orderId: randomUUID(), customerId } });
    }

    const first = await listNotifications({ notifications }, 'user-ada', { limit: 2 });
    const second = await listNotifications({ notifications }, 'user-ada', { limit: 2, cursor: String(first.nextCursor) });

    expect(first.items.map(({ createdAt }) => createdAt)).toEqual(['2026-11-22T12:04:00.000Z', '2026-11-22T12:03:00.000Z']);
    expect(second.items.map(({ createdAt }) => createdAt)).toEqual(['2026-11-22T12:01:00.000Z']);
    expect(second.nextCursor).toBeUndefined();
    expect(Object.keys(first.items[0] ?? {}).sort()).toEqual(['createdAt', 'id', 'orderId', 'sentAt', 'subject', 'type']);
  });
});
