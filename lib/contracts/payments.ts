import * as z from '../zod.ts';
import { canonicalUuid } from '../ids.ts';
import { messageContract } from './envelope.ts';
import { cents, currency, customerId, paymentMethod, queueName } from './fields.ts';

/**
 * The payments service's half of the order saga. Commands go to the payments-commands queue; the
 * answer goes to the queue named in `replyTo`. Each order is charged at most once, whatever is
 * redelivered: the order id is the idempotency key, here and at the payment provider. docs/messages.md
 * shows each as JSON.
 */
const orderId = canonicalUuid();

const charge = { orderId, customerId, amountCents: cents.check(z.minimum(1)), currency, replyTo: queueName };

export const ChargePaymentV1 = messageContract('ChargePayment', 1, z.strictObject(charge));

/**
 * v2 adds `deadline`, until when the order waits for its payment (payments keeps trying a provider that
 * cannot answer until then), and `paymentMethod`, the customer's payment method at the provider (a
 * Stripe PaymentMethod id); without one, payments uses its stage's default.
 */
export const ChargePaymentV2 = messageContract(
  'ChargePayment',
  2,
  z.strictObject({ ...charge, deadline: z.iso.datetime(), paymentMethod: z.optional(paymentMethod) }),
);

/** Gives back what the order was charged; with no charge yet, voids the order so that no later charge goes through. */
export const RefundPaymentV1 = messageContract('RefundPayment', 1, z.strictObject({ orderId, replyTo: queueName }));

export const PaymentCommand = z.discriminatedUnion('type', [z.discriminatedUnion('version', [ChargePaymentV1, ChargePaymentV2]), RefundPaymentV1]);
export type PaymentCommand = z.infer<typeof PaymentCommand>;

export const PaymentChargedV1 = messageContract(
  'PaymentCharged',
  1,
  z.strictObject({ orderId, paymentId: z.string().check(z.minLength(1), z.maxLength(128)), amountCents: cents, currency }),
);

/** A decline is an answer, not an error: the card was refused, or the order was voided by a refund first. */
export const PAYMENT_DECLINE_REASONS = ['CARD_DECLINED', 'ORDER_VOIDED'] as const;

export const PaymentDeclinedV1 = messageContract('PaymentDeclined', 1, z.strictObject({ orderId, reason: z.enum(PAYMENT_DECLINE_REASONS) }));

/** `refundedCents` is 0 when nothing had been charged (the order is then voided). */
export const PaymentRefundedV1 = messageContract('PaymentRefunded', 1, z.strictObject({ orderId, refundedCents: cents, currency: z.optional(currency) }));

export const PaymentReply = z.discriminatedUnion('type', [PaymentChargedV1, PaymentDeclinedV1, PaymentRefundedV1]);
export type PaymentReply = z.infer<typeof PaymentReply>;
