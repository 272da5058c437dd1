/**
 * The saga under faults, over real HTTP, real queues and the local provider: an outage, every message
 * delivered twice, a crash between commit and send, a cancel after confirmation, poison messages.
 *
 * The provider's faults are global to it, so this file sets them only where it must (the outage) and
 * resets them after each test; jest runs the integration files one at a time on this machine (one
 * worker: cores - 1), so no other file's orders meet them. Deadlines are the test stage's short ones
 * (lib/serverless/params.yml); the tests run the sweeper on demand instead of waiting for its schedule.
 */
import { readFileSync, statSync } from 'node:fs';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { newMessage } from '../../lib/messaging/envelope.ts';
import { api } from '../support/api.ts';
import { bearer, signUp, type Account } from '../support/auth.ts';
import { depth, eventually, queueUrl, removeMessages, resourceName, sqs } from '../support/aws.ts';
import { createProduct, stockOf } from '../support/catalog.ts';
import { orderIn, orderOf, orderSweptInto, ordersRepliesDlq, ordersRepliesQueue, placeOrder, statesOf, storeOverdueOrder, storeUnsentOrder } from '../support/orders.ts';
import { chargeCommand, chargesFor, paymentCommandsDlq, paymentCommandsQueue, setProviderFaults } from '../support/payments.ts';
import { reserveCommand, stockCommandsQueue } from '../support/stock.ts';

let customer: Account;
beforeAll(async () => {
  customer = await signUp('Faulty');
});
afterEach(async () => {
  await setProviderFaults({});
});

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

/** Takes every message about `orderId` out of a DLQ (what an outage sent there), and says how many. */
async function takeOrderFromDlq(dlq: string, orderId: string): Promise<number> {
  const url = await queueUrl(dlq);
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 1 }));
  const ids = Messages.filter(({ Body = '' }) => Body.includes(orderId)).map(({ MessageId = '' }) => MessageId);
  return ids.length === 0 ? 0 : removeMessages(url, ids);
}

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

describe('a payment provider outage', () => {
  it('opens the breaker, and past the payment deadline ends the order PAYMENT_FAILED (timed out): stock back, no charge', async () => {
    const log = String(process.env.SHOP_STACK_LOG);
    const logFrom = statSync(log).size;
    const teapot = await createProduct({ stock: 4 });
    await setProviderFaults({ outage: true });

    const placed = await placeOrder(customer, [{ productId: teapot.id, quantity: 3 }]);
    await orderIn(customer, placed.body.id, 'STOCK_RESERVED');
    await eventually(async () => {
      const lines = readFileSync(log, 'utf8').slice(logFrom);
      return lines.includes('"BreakerOpened":1') && lines.includes('breaker is open: not called') ? true : undefined;
    }, 20_000, 'the breaker opened and failed a call fast (in the stack log)');
    const order = await orderSweptInto(customer, placed.body.id);

    expect(order.state).toBe('PAYMENT_FAILED');
    // The compensation answers one by one (the void, the release): each shows as a COMPENSATING entry.
    expect(statesOf(order)).toEqual(['PENDING', 'STOCK_RESERVED', 'COMPENSATING', 'COMPENSATING', 'PAYMENT_FAILED']);
    expect(order.history[2]).toMatchObject({ by: 'orders', reason: 'the payment did not answer in time' });
    expect(order.compensation).toMatchObject({ failure: 'PAYMENT_TIMED_OUT', refundedCents: 0 });
    expect(await stockOf(teapot.id)).toBe(4);
    await setProviderFaults({});
    // The charge that met the outage: kept in the payments DLQ (never lost), and charged by no one.
    await eventually(async () => ((await takeOrderFromDlq(paymentCommandsDlq(), order.id)) > 0 ? true : undefined), 20_000, 'the failed charge in the payments DLQ');
    expect(await chargesFor(order.id)).toEqual([]);
    expect((await notificationsOf(customer)).filter(({ orderId }) => orderId === order.id).map(({ type }) => type)).toEqual(['OrderPaymentFailed']);
  }, 60_000);

  it('confirms the order with one charge when the outage ends in time', async () => {
    const log = String(process.env.SHOP_STACK_LOG);
    const logFrom = statSync(log).size;
    const teapot = await createProduct({ stock: 4, priceCents: 1200 });
    await setProviderFaults({ outage: true });

    const placed = await placeOrder(customer, [{ productId: teapot.id, quantity: 1 }]);
    await eventually(async () => (readFileSync(log, 'utf8').slice(logFrom).includes('breaker is open: not called') ? true : undefined), 20_000, 'the breaker failing fast');
    await setProviderFaults({});
    const order = await orderIn(customer, placed.body.id);

    expect(order.state).toBe('CONFIRMED');
    expect(await chargesFor(order.id)).toEqual([expect.objectContaining({ amountCents: 1200 })]);
    expect(await stockOf(teapot.id)).toBe(3);
  }, 60_000);
});

describe('every message delivered twice', () => {
  it('keeps the outcome: a confirmed order stays as it was, with one charge, one reservation and one notification', async () => {
    const account = await signUp('Twice');
    const teapot = await createProduct({ stock: 5, priceCents: 700 });
    const placed = await placeOrder(account, [{ productId: teapot.id, quantity: 2 }]);
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
    const stored = await storeUnsentOrder(account, [{ productId: teapot.id, quantity: 2, unitPriceCents: 900 }]);
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
    await orderIn(account, placed.body.id, 'CONFIRMED');
    expect(await stockOf(teapot.id)).toBe(3);

    const cancel = await api<{ state: string }>('POST', `/orders/${placed.body.id}/cancel`, { headers: bearer(account.accessToken) });
    const order = await orderIn(account, placed.body.id);

    expect(cancel.status).toBe(202);
    expect(order.state).toBe('CANCELLED');
    expect(statesOf(order)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED', 'COMPENSATING', 'COMPENSATING', 'CANCELLED']);
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
    const stored = await storeOverdueOrder(account, [{ productId: teapot.id, quantity: 1, unitPriceCents: 1000 }]);

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
    const stored = await storeOverdueOrder(account, [{ productId: teapot.id, quantity: 1, unitPriceCents: 1000 }], { reserved: true });

    // A ChargePayment for the order with an amount no contract allows.
    const poison = await sendRaw(paymentCommandsQueue(), { ...chargeCommand({ orderId: stored.id, customerId: account.id, amountCents: 1000, currency: 'EUR', replyTo: ordersRepliesQueue() }), data: { orderId: stored.id, amountCents: -1 } });
    await takenFromDlq(paymentCommandsDlq(), poison);
    const order = await orderSweptInto(account, stored.id);

    expect(order.state).toBe('PAYMENT_FAILED');
    expect(order.compensation).toMatchObject({ failure: 'PAYMENT_TIMED_OUT', refundedCents: 0 });
    expect(await chargesFor(stored.id)).toEqual([]);
  }, 60_000);
});
