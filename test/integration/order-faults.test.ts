/**
 * The saga under faults, over real HTTP, real queues and the local provider: outages (past the payment
 * deadline, and 60 s within it), charges whose answers come too late, every message delivered twice, a
 * crash between commit and send, a cancel after confirmation, poison messages; and, once they are all
 * done, the money rule over every order they made.
 *
 * The provider's faults are global to it, so this file sets them only where it must and
 * resets them after each test; jest runs the integration files one at a time on this machine (one
 * worker: cores - 1), so no other file's orders meet them. Deadlines are the test stage's short ones
 * (lib/serverless/params.yml); the tests run the sweeper on demand instead of waiting for its schedule.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sesMailbox, sesUrl } from '../../functions/notifications/testing/ses-mailbox.ts';
import { newMessage } from '../../lib/contracts/envelope.ts';
import { api } from '../support/api.ts';
import { bearer, signUp, type Account } from '../support/auth.ts';
import { depth, eventually, queueUrl, removeMessages, resourceName, sqs } from '../support/aws.ts';
import { createProduct, stockOf } from '../support/catalog.ts';
import { orderIn, orderOf, orderSweptInto, ordersRepliesDlq, ordersRepliesQueue, placeOrder, statesOf, sweepingInBackground, storeChargingOrder, storeOverdueOrder, storeUnsentOrder } from '../support/orders.ts';
import { chargeCommand, chargesFor, paymentCommandsDlq, paymentCommandsQueue, setProviderFaults } from '../support/payments.ts';
import { stackLogMark, stackLogSince } from '../support/stack-log.ts';
import { reserveCommand, stockCommandsQueue } from '../support/stock.ts';

let customer: Account;
beforeAll(async () => {
  customer = await signUp('Faulty');
});
afterEach(async () => {
  await setProviderFaults({});
});

const mailTo = (email: string) => sesMailbox(sesUrl(), email);

const notificationsOf = async (account: Account) =>
  (await api<{ items: Array<{ orderId: string; type: string }> }>('GET', '/notifications', { headers: bearer(account.accessToken) })).body.items;

/** Sends a raw body to a queue and returns its message id (to find it again in a DLQ). */
async function sendRaw(queue: string, body: unknown): Promise<string> {
  const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: await queueUrl(queue), MessageBody: typeof body === 'string' ? body : JSON.stringify(body) }));
  return String(MessageId);
}

/** Waits until a message (by id) is in a DLQ, and takes it out so the DLQ is left as it was. */
const takenFromDlq = async (dlq: string, messageId: string) =>
  eventually(async () => ((await removeMessages(await queueUrl(dlq), [messageId])) === 1 ? true : undefined), 30_000, `message ${messageId} in ${dlq}`);

/** Waits until the saga's queues hold nothing, seen twice in a row: every message sent so far is handled. */
async function sagaQueuesDrained(): Promise<void> {
  const names = [ordersRepliesQueue(), stockCommandsQueue(), paymentCommandsQueue(), resourceName('notifications-order-events')];
  const urls = await Promise.all(names.map(queueUrl));
  let quietLooks = 0;
  await eventually(
    async () => {
      const depths = await Promise.all(urls.map(depth));
      quietLooks = depths.every((count) => count === 0) ? quietLooks + 1 : 0;
      if (quietLooks < 2) await new Promise((resolve) => setTimeout(resolve, 500));
      return quietLooks >= 2 ? true : undefined;
    },
    30_000,
    'the saga queues to drain',
  );
}

/** Every order a test here places or stores, for the money rule checked after them all (the last test). */
const watched: Array<{ account: Account; orderId: string }> = [];
const watch = <T extends { id: string }>(account: Account, order: T): T => {
  watched.push({ account, orderId: order.id });
  return order;
};


describe('a payment provider outage', () => {
  it('opens the breaker, and past the payment deadline ends the order PAYMENT_FAILED (timed out): stock back, nothing taken', async () => {
    const logFrom = stackLogMark();
    const teapot = await createProduct({ stock: 4 });
    await setProviderFaults({ outage: true });

    const stored = watch(customer, await storeChargingOrder(customer, [{ productId: teapot.id, quantity: 3, unitPriceCents: 1000 }], { paymentSeconds: 6 }));
    await eventually(async () => {
      const lines = stackLogSince(logFrom);
      return lines.includes('"BreakerOpened":1') && lines.includes('breaker is open: not called') ? true : undefined;
    }, 20_000, 'the breaker opened and failed a call fast (in the stack log)');
    const order = await orderSweptInto(customer, stored.id);

    expect(order.state).toBe('PAYMENT_FAILED');
    expect(order.history[2]).toMatchObject({ by: 'orders', reason: 'the payment did not answer in time' });
    expect(order.compensation).toMatchObject({ cause: 'PAYMENT_TIMED_OUT', refundedCents: 0 });
    // The charge that waited out the outage finds the order voided: it is answered ORDER_VOIDED, and charges no one.
    await setProviderFaults({});
    expect(await chargesFor(order.id)).toEqual([]);
    expect((await notificationsOf(customer)).filter(({ orderId }) => orderId === order.id).map(({ type }) => type)).toEqual(['OrderPaymentFailed']);
  }, 90_000);

  it('fails no order for an outage of 60 s shorter than the payment deadline: each placed during it is confirmed and charged once; a cancel that gave up completes', async () => {
    const account = await signUp('Patient');
    const teapot = await createProduct({ stock: 10, priceCents: 1200 });
    const confirmed = watch(account, (await placeOrder(account, [{ productId: teapot.id, quantity: 1 }])).body);
    await orderIn(account, confirmed.id, 'CONFIRMED');
    const outageStarted = Date.now();
    await setProviderFaults({ outage: true });
    // Deadlines pass while the test places orders: the sweeper acts on them as its schedule would.
    const stopSweeping = sweepingInBackground();
    try {
      // A cancel whose refund meets the outage: its compensation gives up (the customer is told), then completes.
      await api('POST', `/orders/${confirmed.id}/cancel`, { headers: bearer(account.accessToken) });
      const placed: string[] = [];
      for (const at of [0, 20_000, 40_000]) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageStarted + at - Date.now())));
        placed.push(watch(account, (await placeOrder(account, [{ productId: teapot.id, quantity: 1 }])).body).id);
      }
      // Giving up takes the compensation's tries (lib/serverless/params.yml): about 50 s; on a busy machine
      // the outage may last until then, which the first order still survives (its retries are paced to its deadline).
      const gaveUp = await orderIn(account, confirmed.id, 'COMPENSATION_FAILED', 90_000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageStarted + 60_000 - Date.now())));
      await setProviderFaults({});

      const ended = await Promise.all(placed.map((id) => orderIn(account, id, undefined, 60_000)));
      const cancelled = await orderIn(account, confirmed.id, 'CANCELLED', 60_000);

      expect(ended.map(({ state }) => state)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED']);
      for (const { id } of ended) expect(await chargesFor(id)).toEqual([expect.objectContaining({ amountCents: 1200, refundedCents: 0 })]);
      expect(gaveUp.history.at(-1)?.reason).toBe("the payment's cancel or refund did not complete");
      expect(cancelled.compensation).toMatchObject({ refundedCents: 1200 });
      const told = (await notificationsOf(account)).filter(({ orderId }) => orderId === confirmed.id).map(({ type }) => type);
      expect(told.sort()).toEqual(['OrderCancelled', 'OrderCompensationFailed', 'OrderConfirmed']);
    } finally {
      await stopSweeping();
    }
  }, 300_000);
});

describe('a charge whose answer is lost', () => {
  it('ends the order PAYMENT_FAILED at its deadline when the provider answers too late, and gives back what it took', async () => {
    const account = await signUp('Unlucky');
    const teapot = await createProduct({ stock: 4 });
    await setProviderFaults({ lateAnswerMs: 7000, operations: ['confirm'] });

    const stored = watch(account, await storeChargingOrder(account, [{ productId: teapot.id, quantity: 2, unitPriceCents: 1500 }], { paymentSeconds: 8 }));
    await eventually(async () => ((await chargesFor(stored.id)).length === 1 ? true : undefined), 30_000, 'the provider taking the charge');
    const order = await orderSweptInto(account, stored.id, undefined, 60_000);

    expect(order.state).toBe('PAYMENT_FAILED');
    expect(order.compensation).toMatchObject({ cause: 'PAYMENT_TIMED_OUT', refundedCents: 3000 });
    expect(await chargesFor(order.id)).toEqual([expect.objectContaining({ amountCents: 3000, refundedCents: 3000 })]);
    const mail = await eventually(async () => (await mailTo(account.email)).find(({ subject }) => subject === 'Your payment did not go through'), 20_000, 'the email');
    expect(mail.text).toContain('we have refunded 30.00 EUR');
  }, 90_000);

  it('gives back a charge that lands while the customer cancels, though the provider then refuses calls for a while', async () => {
    const account = await signUp('Hesitant');
    const teapot = await createProduct({ stock: 4, priceCents: 2200 });
    await setProviderFaults({ lateAnswerMs: 7000, operations: ['confirm'] });

    const placed = watch(account, (await placeOrder(account, [{ productId: teapot.id, quantity: 1 }])).body);
    await eventually(async () => ((await chargesFor(placed.id)).length === 1 ? true : undefined), 30_000, 'the provider taking the charge');
    await setProviderFaults({ outage: true });
    const cancel = await api('POST', `/orders/${placed.id}/cancel`, { headers: bearer(account.accessToken) });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await setProviderFaults({});
    const order = await orderIn(account, placed.id, 'CANCELLED', 60_000);

    expect(cancel.status).toBe(202);
    expect(order.compensation).toMatchObject({ refundedCents: 2200 });
    expect(await chargesFor(order.id)).toEqual([expect.objectContaining({ amountCents: 2200, refundedCents: 2200 })]);
    expect(await stockOf(teapot.id)).toBe(4);
  }, 120_000);
});

describe('every message delivered twice', () => {
  it('keeps the outcome: a confirmed order stays as it was, with one charge, one reservation and one notification', async () => {
    const account = await signUp('Twice');
    const teapot = await createProduct({ stock: 5, priceCents: 700 });
    const placed = await placeOrder(account, [{ productId: teapot.id, quantity: 2 }]);
    watch(account, placed.body);
    const order = await orderIn(account, placed.body.id);
    expect(order.state).toBe('CONFIRMED');
    await sagaQueuesDrained();
    const [charge] = await chargesFor(order.id);
    const items = [{ productId: teapot.id, quantity: 2 }];
    const replyTo = ordersRepliesQueue();

    // Each message of the saga once more, as a redelivery or a producer's retry would send it.
    await sendRaw(stockCommandsQueue(), reserveCommand(order.id, items, replyTo));
    await sendRaw(paymentCommandsQueue(), chargeCommand({ orderId: order.id, customerId: account.id, amountCents: 1400, currency: 'EUR', replyTo }));
    await sendRaw(replyTo, newMessage('StockReserved', 1, { orderId: order.id, items }, new Date()));
    await sendRaw(replyTo, newMessage('PaymentCharged', 1, { orderId: order.id, paymentId: String(charge?.paymentId), amountCents: 1400, currency: 'EUR' }, new Date()));
    const { id: orderId, customerId, customerEmail, totalCents, currency } = order;
    await sendRaw(resourceName('notifications-order-events'), newMessage('OrderConfirmed', 1, { orderId, customerId, customerEmail, totalCents, currency }, new Date()));
    await sagaQueuesDrained();

    const after = (await orderOf(account, order.id)).body;
    expect(after.state).toBe('CONFIRMED');
    expect(after.version).toBe(order.version);
    expect(after.history).toEqual(order.history);
    expect(await stockOf(teapot.id)).toBe(3);
    expect(await chargesFor(order.id)).toEqual([expect.objectContaining({ paymentId: charge?.paymentId, amountCents: 1400 })]);
    expect((await notificationsOf(account)).map(({ type }) => type)).toEqual(['OrderConfirmed']);
  }, 60_000);
});

describe('a crash between commit and send', () => {
  it('still completes the order: the sweeper sends what the outbox kept', async () => {
    const account = await signUp('Crashed');
    const teapot = await createProduct({ stock: 5, priceCents: 900 });
    const stored = watch(account, await storeUnsentOrder(account, [{ productId: teapot.id, quantity: 2, unitPriceCents: 900 }]));
    expect(await stockOf(teapot.id)).toBe(5);

    const order = await orderSweptInto(account, stored.id);

    expect(order.state).toBe('CONFIRMED');
    expect(statesOf(order)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
    expect(await stockOf(teapot.id)).toBe(3);
    expect(await chargesFor(order.id)).toEqual([expect.objectContaining({ amountCents: 1800 })]);
  }, 60_000);
});

describe('a cancel after confirmation', () => {
  it('ends CANCELLED: the stock back, the payment refunded, an OrderCancelled notification', async () => {
    const account = await signUp('Regretful');
    const teapot = await createProduct({ stock: 5, priceCents: 2500 });
    const placed = await placeOrder(account, [{ productId: teapot.id, quantity: 2 }]);
    watch(account, placed.body);
    await orderIn(account, placed.body.id, 'CONFIRMED');
    expect(await stockOf(teapot.id)).toBe(3);

    const cancel = await api<{ state: string }>('POST', `/orders/${placed.body.id}/cancel`, { headers: bearer(account.accessToken) });
    const order = await orderIn(account, placed.body.id);

    expect(cancel.status).toBe(202);
    expect(order.state).toBe('CANCELLED');
    expect(statesOf(order)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED', 'RELEASING_AND_CANCELLING', expect.stringMatching(/^(RELEASING_STOCK|CANCELLING_PAYMENT)$/) as string, 'CANCELLED']);
    expect(order.compensation).toMatchObject({ outcome: 'CANCELLED', refundedCents: 5000 });
    expect(await stockOf(teapot.id)).toBe(5);
    const notifications = await eventually(async () => {
      const found = await notificationsOf(account);
      return found.length === 2 ? found : undefined;
    }, 20_000, 'two notifications');
    expect(notifications.map(({ type }) => type).sort()).toEqual(['OrderCancelled', 'OrderConfirmed']);
  }, 60_000);
});

describe('poison messages', () => {
  it('sends a poison reply to the orders replies DLQ, and its order still ends by its deadline', async () => {
    const account = await signUp('Poisoned reply');
    const teapot = await createProduct({ stock: 5 });
    const stored = watch(account, await storeOverdueOrder(account, [{ productId: teapot.id, quantity: 1, unitPriceCents: 1000 }]));

    // A StockReserved for the order that breaks its contract (no items): no consumer can handle it.
    const poison = await sendRaw(ordersRepliesQueue(), { ...newMessage('StockReserved', 1, { orderId: stored.id }, new Date()) });
    await takenFromDlq(ordersRepliesDlq(), poison);
    const order = await orderSweptInto(account, stored.id);

    expect(order.state).toBe('CANCELLED');
    expect(order.history[1]).toMatchObject({ by: 'orders', reason: 'the catalog did not answer in time' });
    expect(await stockOf(teapot.id)).toBe(5);
  }, 60_000);

  it('sends a poison command to the payments DLQ, and its order still ends PAYMENT_FAILED by its deadline', async () => {
    const account = await signUp('Poisoned command');
    const teapot = await createProduct({ stock: 5 });
    const stored = watch(account, await storeOverdueOrder(account, [{ productId: teapot.id, quantity: 1, unitPriceCents: 1000 }], { reserved: true }));

    // A ChargePayment for the order with an amount no contract allows.
    const poison = await sendRaw(paymentCommandsQueue(), { ...chargeCommand({ orderId: stored.id, customerId: account.id, amountCents: 1000, currency: 'EUR', replyTo: ordersRepliesQueue() }), data: { orderId: stored.id, amountCents: -1 } });
    await takenFromDlq(paymentCommandsDlq(), poison);
    const order = await orderSweptInto(account, stored.id);

    expect(order.state).toBe('PAYMENT_FAILED');
    expect(order.compensation).toMatchObject({ cause: 'PAYMENT_TIMED_OUT', refundedCents: 0 });
    expect(await chargesFor(stored.id)).toEqual([]);
  }, 60_000);
});

/**
 * The money rule, checked once every test above is done: whatever the provider did and whenever it
 * answered, what it holds for an order is the order's total if the order is CONFIRMED, else nothing,
 * and it took at most one charge for it.
 */
describe('the money rule, over every order the tests above made', () => {
  it('holds: the provider keeps a CONFIRMED order\'s total, nothing of any other, in at most one charge each', async () => {
    await setProviderFaults({});
    const broken: string[] = [];
    for (const { account, orderId } of watched) {
      const order = await orderSweptInto(account, orderId, undefined, 120_000);
      const charges = await chargesFor(orderId);
      const held = charges.reduce((sum, { amountCents, refundedCents }) => sum + amountCents - refundedCents, 0);
      const owed = order.state === 'CONFIRMED' ? order.totalCents : 0;
      if (held !== owed || charges.length > 1) broken.push(`${orderId} ${order.state}: the provider holds ${held} of ${owed}, in ${charges.length} charge(s)`);
    }

    expect(watched.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  }, 300_000);
});
