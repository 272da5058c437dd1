import { randomUUID } from 'node:crypto';
import { eventually, peek, queueUrl, receive, temporaryReplyQueue } from '../support/aws.ts';
import { chargeCommand, chargesFor, paymentCommandsDlq, paymentReplyOf, refundCommand, sendPaymentCommand, setProviderFaults } from '../support/payments.ts';
import { anAdmin } from '../support/client.ts';
import { stackLogMark, stackLogSince } from '../support/stack-log.ts';

let replies: Awaited<ReturnType<typeof temporaryReplyQueue>>;

beforeEach(async () => {
  replies = await temporaryReplyQueue('payments');
});
afterEach(async () => {
  await setProviderFaults({});
  await replies.remove();
});

const aCharge = (overrides: { customerId?: string; amountCents?: number } = {}) =>
  chargeCommand({ orderId: randomUUID(), customerId: `customer-${randomUUID()}`, amountCents: 3450, currency: 'EUR', replyTo: replies.name, ...overrides });

describe('the payments service, over the real queue and the local provider', () => {
  it('charges an order and answers PaymentCharged on replyTo, with one charge at the provider', async () => {
    const command = aCharge();

    await sendPaymentCommand(command);
    const [message] = await receive(replies.url, 1);

    expect(paymentReplyOf(message!)).toMatchObject({
      type: 'PaymentCharged',
      correlationId: command.correlationId,
      data: { orderId: command.data.orderId, amountCents: 3450, currency: 'EUR' },
    });
    expect(await chargesFor(command.data.orderId)).toEqual([expect.objectContaining({ amountCents: 3450, customerId: command.data.customerId })]);
  });

  it('charges once when the same command is delivered twice, and answers both the same', async () => {
    const command = aCharge();

    await sendPaymentCommand(command);
    await sendPaymentCommand(command);
    const answers = (await receive(replies.url, 2)).map(paymentReplyOf);

    expect(answers).toHaveLength(2);
    expect(answers[1]?.data).toEqual(answers[0]?.data);
    expect(answers[0]?.type).toBe('PaymentCharged');
    expect(await chargesFor(command.data.orderId)).toHaveLength(1);
  });

  it('answers a declined card with PaymentDeclined, taking nothing', async () => {
    const command = aCharge();
    await setProviderFaults({ declineCustomers: [command.data.customerId] });

    await sendPaymentCommand(command);
    const [message] = await receive(replies.url, 1);

    expect(paymentReplyOf(message!)).toMatchObject({ type: 'PaymentDeclined', data: { orderId: command.data.orderId, reason: 'CARD_DECLINED' } });
    expect(await chargesFor(command.data.orderId)).toEqual([]);
  });

  it('refunds a charged order and answers PaymentRefunded with the amount', async () => {
    const command = aCharge();
    await sendPaymentCommand(command);
    await receive(replies.url, 1);

    await sendPaymentCommand(refundCommand({ orderId: command.data.orderId, replyTo: replies.name }));
    // An answer may come twice (a command redelivered while it was being handled): the refund's is the one wanted.
    const refund = await eventually(async () => (await receive(replies.url, 1, 2000)).map(paymentReplyOf).find(({ type }) => type === 'PaymentRefunded'), 20_000, 'the refund\'s answer');

    expect(refund).toMatchObject({ type: 'PaymentRefunded', data: { orderId: command.data.orderId, refundedCents: 3450, currency: 'EUR' } });
  });

  it('answers a refund before any charge with refundedCents 0, and then declines the charge ORDER_VOIDED', async () => {
    const command = aCharge();

    await sendPaymentCommand(refundCommand({ orderId: command.data.orderId, replyTo: replies.name }));
    const [refund] = await receive(replies.url, 1);
    await sendPaymentCommand(command);
    const [charge] = await receive(replies.url, 1);

    expect(paymentReplyOf(refund!)).toMatchObject({ type: 'PaymentRefunded', data: { orderId: command.data.orderId, refundedCents: 0 } });
    expect(paymentReplyOf(charge!)).toMatchObject({ type: 'PaymentDeclined', data: { orderId: command.data.orderId, reason: 'ORDER_VOIDED' } });
    expect(await chargesFor(command.data.orderId)).toEqual([]);
  });

  it('keeps a command through an outage: the breaker opens (an admin sees it), and the command is charged once the outage ends', async () => {
    const admin = await anAdmin();
    const providerBreaker = async () => (await admin.admin.breakers()).find(({ service, dependency }) => service === 'payments' && dependency === 'provider');
    const logFrom = stackLogMark();
    // Opened, and then failing fast: a call refused by the open breaker, without reaching the provider.
    const breakerOpened = () => {
      const lines = stackLogSince(logFrom);
      return lines.includes('"BreakerOpened":1') && lines.includes('breaker is open: not called') ? true : undefined;
    };
    const command = aCharge();
    await setProviderFaults({ outage: true });

    await sendPaymentCommand(command);
    await eventually(async () => breakerOpened(), 30_000, 'the breaker opened and failed a call fast (in the stack log)');
    const duringOutage = await providerBreaker();
    await setProviderFaults({});
    const [message] = await receive(replies.url, 1);
    const afterOutage = await providerBreaker();

    expect(paymentReplyOf(message!)).toMatchObject({ type: 'PaymentCharged', data: { orderId: command.data.orderId } });
    expect(await chargesFor(command.data.orderId)).toHaveLength(1);
    // Open, or half-open when a retry has come since; closed again by the charge that went through.
    expect(duringOutage?.state).toMatch(/^(open|half-open)$/);
    expect(afterOutage).toMatchObject({ state: 'closed', changedAt: expect.any(String) as string, container: expect.any(String) as string });
    // Other tests' commands may wait in the same DLQ (an outage past an order's deadline parks one there).
    const inDlq = (await peek(await queueUrl(paymentCommandsDlq()))).filter(({ Body }) => String(Body).includes(command.data.orderId));
    expect(inDlq).toEqual([]);
  });
});
