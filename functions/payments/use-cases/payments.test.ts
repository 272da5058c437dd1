import { randomUUID } from 'node:crypto';
import { TransientError } from '../../../lib/errors.ts';
import { charging, IllegalPaymentTransitionError, refunded } from '../domain/payment.ts';
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
  paymentMethod: 'pm_card_visa',
  replyTo: 'shop-test-orders-replies',
  ...overrides,
});

const refundOf = (command: ChargePaymentCommand) => ({ orderId: command.orderId, replyTo: command.replyTo });

describe('charging an order', () => {
  it('charges it and answers PaymentCharged on replyTo', async () => {
    const { deps } = setUp();
    const command = aCharge();

    await chargePayment(deps, command);

    expect(deps.replies.sent).toEqual([
      { replyTo: command.replyTo, answer: { type: 'PaymentCharged', data: { orderId: command.orderId, paymentId: expect.any(String) as string, amountCents: 2599, currency: 'EUR' } } },
    ]);
    expect(deps.provider.heldFor(command.orderId)).toBe(2599);
  });

  it('answers a repeated command the same, charging once', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();

    await chargePayment(deps, command);
    await chargePayment(deps, command);

    expect(answers()).toHaveLength(2);
    expect(answers()[1]).toEqual(answers()[0]);
    expect(deps.provider.chargesFor(command.orderId)).toBe(1);
  });

  it('answers a declined card with PaymentDeclined (an answer, not an error) and counts it once', async () => {
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

  it('records the payment CHARGING before the money is asked for, so a lost answer is never taken for "not charged"', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    deps.provider.afterNextConfirm = async () => {
      throw new TransientError('the answer was lost');
    };

    await expect(chargePayment(deps, command)).rejects.toThrow(TransientError);

    expect(await deps.records.find(command.orderId)).toMatchObject({ status: 'CHARGING' });
    expect(answers()).toEqual([]);
    await chargePayment(deps, command);
    expect(answers()).toEqual([expect.objectContaining({ type: 'PaymentCharged' })]);
    expect(deps.provider.chargesFor(command.orderId)).toBe(1);
  });

  it('declines an order voided by an earlier refund with ORDER_VOIDED, taking nothing', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await refundPayment(deps, refundOf(command));

    await chargePayment(deps, command);

    expect(answers()).toEqual([
      { type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 0 } },
      { type: 'PaymentDeclined', data: { orderId: command.orderId, reason: 'ORDER_VOIDED' } },
    ]);
    expect(deps.provider.heldFor(command.orderId)).toBe(0);
  });
});

describe('refunding an order', () => {
  it('refunds what was charged and answers with the amount', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await chargePayment(deps, command);

    await refundPayment(deps, refundOf(command));

    expect(answers()[1]).toEqual({ type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 2599, currency: 'EUR' } });
    expect(deps.provider.heldFor(command.orderId)).toBe(0);
    expect((await deps.records.find(command.orderId))?.status).toBe('REFUNDED');
  });

  it('refunds once: a repeated refund gets the same answer and gives nothing more back', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await chargePayment(deps, command);

    await refundPayment(deps, refundOf(command));
    await refundPayment(deps, refundOf(command));

    expect(answers()[2]).toEqual(answers()[1]);
    expect(deps.provider.heldFor(command.orderId)).toBe(0);
  });

  it('still answers a repeated charge after the refund with the charge it took', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    await chargePayment(deps, command);
    await refundPayment(deps, refundOf(command));

    await chargePayment(deps, command);

    expect(answers()[2]).toEqual(answers()[0]);
    expect(deps.provider.chargesFor(command.orderId)).toBe(1);
  });

  it('refunds 0 for a declined order', async () => {
    const { deps, answers } = setUp();
    deps.provider.declines.add('customer-broke');
    const command = aCharge({ customerId: 'customer-broke' });
    await chargePayment(deps, command);

    await refundPayment(deps, refundOf(command));

    expect(answers()[1]).toEqual({ type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 0 } });
  });

  it('cancels a payment left CHARGING by a crash, so that the charge, when it comes again, takes nothing', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    // A delivery opened the payment and recorded it CHARGING, then crashed before confirming it.
    await deps.records.move(undefined, charging(command, await deps.provider.open(command)));

    await refundPayment(deps, refundOf(command));
    await chargePayment(deps, command);

    expect(answers()).toEqual([
      { type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 0 } },
      { type: 'PaymentDeclined', data: { orderId: command.orderId, reason: 'ORDER_VOIDED' } },
    ]);
    expect(deps.provider.heldFor(command.orderId)).toBe(0);
  });
});

/**
 * The money rule: whatever the provider did and whenever it answered, what it holds for an order that
 * was refunded (voided) is zero. Each sequence below is one a hostile trial found.
 */
describe('the money rule under lost answers and races', () => {
  it('gives back a charge whose answer was lost, when the order is voided at its deadline and the charge comes again', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    // The provider takes the charge, then its answer is lost (the client gave up waiting).
    deps.provider.afterNextConfirm = async () => {
      throw new TransientError('the answer was lost');
    };
    await expect(chargePayment(deps, command)).rejects.toThrow(TransientError);

    await refundPayment(deps, refundOf(command));
    await chargePayment(deps, command);

    expect(deps.provider.heldFor(command.orderId)).toBe(0);
    expect(answers()[0]).toEqual({ type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 2599, currency: 'EUR' } });
  });

  it('gives back a charge that landed while a cancel was voiding the order, though the provider then refused calls for a while', async () => {
    const { deps } = setUp();
    const command = aCharge();
    deps.provider.afterNextConfirm = async () => {
      // The cancel's refund runs while the charge is landing; the provider then stops answering.
      await expect(refundPayment(deps, refundOf(command))).resolves.toBeUndefined();
      deps.provider.down = true;
    };
    await expect(chargePayment(deps, command)).rejects.toThrow(TransientError);
    deps.provider.down = false;

    await chargePayment(deps, command);
    await refundPayment(deps, refundOf(command));

    expect(deps.provider.heldFor(command.orderId)).toBe(0);
    expect(deps.provider.chargesFor(command.orderId)).toBe(1);
  });

  it('gives back a charge when the refund comes while the confirm is in flight and the cancel learns it was taken', async () => {
    const { deps, answers } = setUp();
    const command = aCharge();
    deps.provider.afterNextConfirm = () => refundPayment(deps, refundOf(command));

    await chargePayment(deps, command);

    expect(deps.provider.heldFor(command.orderId)).toBe(0);
    expect(answers()).toEqual([
      { type: 'PaymentRefunded', data: { orderId: command.orderId, refundedCents: 2599, currency: 'EUR' } },
      { type: 'PaymentCharged', data: expect.objectContaining({ orderId: command.orderId }) as object },
    ]);
  });
});

describe('a payment\'s transitions', () => {
  it('refuse to refund a payment that was not taken', () => {
    expect(() => refunded({ orderId: randomUUID(), status: 'VOIDED' })).toThrow(IllegalPaymentTransitionError);
    expect(() => refunded({ orderId: randomUUID(), status: 'DECLINED', reason: 'CARD_DECLINED' })).toThrow(IllegalPaymentTransitionError);
  });
});
