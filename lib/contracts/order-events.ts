import * as z from '../zod.ts';
import { canonicalUuid } from '../ids.ts';
import { messageContract } from './envelope.ts';
import { cents, currency, customerId } from './fields.ts';

/**
 * How an order ended, as the orders service tells the services that act on it (notifications). Each
 * is sent once per order and outcome; a consumer may still see one twice and must act once.
 * `customerEmail` is the address the users service vouched for (in the access token) when the order
 * was placed, so no service reads the users table.
 */
const outcome = {
  orderId: canonicalUuid(),
  customerId,
  customerEmail: z.email(),
  totalCents: cents,
  currency,
};

export const OrderConfirmedV1 = messageContract('OrderConfirmed', 1, z.strictObject(outcome));

export const ORDER_REJECTION_REASONS = ['INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT'] as const;
export const OrderRejectedV1 = messageContract('OrderRejected', 1, z.strictObject({ ...outcome, reason: z.enum(ORDER_REJECTION_REASONS) }));

export const ORDER_PAYMENT_FAILURE_REASONS = ['CARD_DECLINED', 'PAYMENT_TIMED_OUT'] as const;
export const OrderPaymentFailedV1 = messageContract(
  'OrderPaymentFailed',
  1,
  z.strictObject({ ...outcome, reason: z.enum(ORDER_PAYMENT_FAILURE_REASONS) }),
);

/** v2 says what was given back: a payment that timed out may have been taken after all, and refunded. */
export const OrderPaymentFailedV2 = messageContract(
  'OrderPaymentFailed',
  2,
  z.strictObject({ ...outcome, reason: z.enum(ORDER_PAYMENT_FAILURE_REASONS), refundedCents: cents }),
);

export const OrderCancelledV1 = messageContract('OrderCancelled', 1, z.strictObject({ ...outcome, refundedCents: cents }));

/** v2 says why: the customer or an admin asked, or the stock step did not answer in time. */
export const ORDER_CANCELLATION_REASONS = ['CUSTOMER_REQUEST', 'ADMIN_REQUEST', 'STOCK_TIMED_OUT'] as const;
export const OrderCancelledV2 = messageContract('OrderCancelled', 2, z.strictObject({ ...outcome, refundedCents: cents, reason: z.enum(ORDER_CANCELLATION_REASONS) }));

/**
 * A compensation (a cancel, a failed payment) that gave up after its last attempt: what it still waits
 * for (the stock's release, the refund) and where it was going. Not final: the answers may still come
 * (a DLQ redriven, a provider back), and the order then ends as it would have, with its own event.
 */
export const ORDER_COMPENSATION_PENDING = ['STOCK_RELEASE', 'REFUND'] as const;
export const OrderCompensationFailedV1 = messageContract(
  'OrderCompensationFailed',
  1,
  z.strictObject({
    ...outcome,
    outcome: z.enum(['CANCELLED', 'PAYMENT_FAILED']),
    pending: z.array(z.enum(ORDER_COMPENSATION_PENDING)).check(z.minLength(1)),
  }),
);

export const OrderEvent = z.discriminatedUnion('type', [
  OrderConfirmedV1,
  OrderRejectedV1,
  z.discriminatedUnion('version', [OrderPaymentFailedV1, OrderPaymentFailedV2]),
  z.discriminatedUnion('version', [OrderCancelledV1, OrderCancelledV2]),
  OrderCompensationFailedV1,
]);
export type OrderEvent = z.infer<typeof OrderEvent>;
