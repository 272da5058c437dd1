import { randomUUID } from 'node:crypto';
import { TransientError } from '../../../lib/errors.ts';
import { IllegalPaymentTransitionError, refunded } from '../domain/payment.ts';
import { CountingPaymentMetrics, FakePaymentProvider, InMemoryPaymentRecords, RecordingPaymentReplies } from '../testing/in-memory.ts';
import { chargePayment, type ChargePaymentCommand } from './charge-payment.ts';
import { refundPayment } from './refund-payment.ts';

function setUp() {
  const deps = { records: new InMemoryPaymentRecords(), provider: new FakePaymentProvider(), replies: new RecordingPaymentReplies(), metrics: new CountingPaymentMetrics() };
  const answers = () => deps.replies.sent.map(({ answer }) => answer);
  return { deps, answers };
}

const aCharge = (overrides: Partial<ChargePaymentCommand> = {}): ChargePaymentCommand => ({
  orderId: randomUUID(),
  customerId: 'customer-1',
  amountCents: 2599,
  currency: 'EUR',
  replyTo: 'shop-test-orders-replies',
  ...overrides,
});

describe('charging an order', () => {
  it('charges it and answers PaymentCharged on replyTo', async () => {
    const { deps } = setUp();
    const command = aCharge();

    await chargePayment(deps, command);

    expect(deps.replies.sent).toEqual([
      { replyTo: command.replyTo, answer: { type: 'PaymentCharged', data: { orderId: command.orderId, paymentId: expect.any(String) as string, amountCents: 2599, currency: 'EUR' } } },
    ]);
    expect(deps.provider.takenFor(command.orderId)).toBe(1);
  });

  it('answers a repeated command the same, charging once', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();

    await chargePayment(deps, command);
    await chargePayment(deps, command);

    expect(answers()).toHaveLength(2);
    expect(answers()[1]).toEqual(answers()[0]);
    expect(deps.provider.charges.size).toBe(1);
  });

  it('answers a declined card with PaymentDeclined (an answer, not an error) and counts it', async () => {
    const { deps, answers } = setUp();
    deps.provider.declines.add('customer-broke');
    const command = aCharge({ customerId: 'customer-broke' });

    await chargePayment(deps, command);
    await chargePayment(deps, command);

    expect(answers()).toEqual([
      { type: 'PaymentDeclined', data: { orderId: command.orderId, reason: 'CARD_DECLINED' } },
      { type: 'PaymentDeclined', data: { orderId: command.orderId, reason: 'CARD_DECLINED' } },
    ]);
    expect(deps.metrics.declines).toBe(1);
  });

  it('fails, answering nothing and recording nothing, while the provider cannot answer; the retry charges', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    deps.provider.down = true;

    await expect(chargePayment(deps, command)).rejects.toThrow(TransientError);
    expect(answers()).toEqual([]);
    expect(await deps.records.find(command.orderId)).toBeUndefined();

    deps.provider.down = false;
    await chargePayment(deps, command);
    expect(answers()).toEqual([expect.objectContaining({ type: 'PaymentCharged' })]);
  });

  it('declines an order voided by an earlier refund with ORDER_VOIDED, without calling the provider', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await refundPayment(deps, { orderId: command.orderId, replyTo: command.replyTo });

    await chargePayment(deps, command);

    expect(answers()).toEqual([
      { type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 0 } },
      { type: 'PaymentDeclined', data: { orderId: command.orderId, reason: 'ORDER_VOIDED' } },
    ]);
    expect(deps.provider.charges.size).toBe(0);
  });

  it('gives the money back when a refund voided the order while the provider was charging it', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    deps.provider.afterNextCharge = () => refundPayment(deps, { orderId: command.orderId, replyTo: 'elsewhere' });

    await chargePayment(deps, command);

    expect(answers()).toContainEqual({ type: 'PaymentDeclined', data: { orderId: command.orderId, reason: 'ORDER_VOIDED' } });
    expect(deps.provider.charges.get(command.orderId)?.refundedCents).toBe(2599);
  });
});

describe('refunding an order', () => {
  it('refunds what was charged and answers with the amount', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await chargePayment(deps, command);

    await refundPayment(deps, { orderId: command.orderId, replyTo: command.replyTo });

    expect(answers()[1]).toEqual({ type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 2599, currency: 'EUR' } });
    expect(deps.provider.charges.get(command.orderId)?.refundedCents).toBe(2599);
    expect((await deps.records.find(command.orderId))?.status).toBe('REFUNDED');
  });

  it('refunds once: a repeated refund gets the same answer and gives nothing more back', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await chargePayment(deps, command);

    await refundPayment(deps, { orderId: command.orderId, replyTo: command.replyTo });
    await refundPayment(deps, { orderId: command.orderId, replyTo: command.replyTo });

    expect(answers()[2]).toEqual(answers()[1]);
    expect(deps.provider.charges.get(command.orderId)?.refundedCents).toBe(2599);
  });

  it('still answers a repeated charge after the refund with the charge it took', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await chargePayment(deps, command);
    await refundPayment(deps, { orderId: command.orderId, replyTo: command.replyTo });

    await chargePayment(deps, command);

    expect(answers()[2]).toEqual(answers()[0]);
    expect(deps.provider.charges.size).toBe(1);
  });

  it('refunds 0 for a declined order', async () => {
    const { deps, answers } = setUp();
    deps.provider.declines.add('customer-broke');
    const command = aCharge({ customerId: 'customer-broke' });
    await chargePayment(deps, command);

    await refundPayment(deps, { orderId: command.orderId, replyTo: command.replyTo });

    expect(answers()[1]).toEqual({ type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 0 } });
  });
});

describe('a payment\'s transitions', () => {
  it('refuse to refund a payment that was not charged', () => {
    expect(() => refunded({ orderId: randomUUID(), status: 'VOIDED' })).toThrow(IllegalPaymentTransitionError);
    expect(() => refunded({ orderId: randomUUID(), status: 'DECLINED', reason: 'CARD_DECLINED' })).toThrow(IllegalPaymentTransitionError);
  });
});
