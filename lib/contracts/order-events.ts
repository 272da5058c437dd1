import * as z from '../zod.ts';
import { canonicalUuid } from '../ids.ts';
import { messageContract } from '../messaging/envelope.ts';
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

export const OrderCancelledV1 = messageContract('OrderCancelled', 1, z.strictObject({ ...outcome, refundedCents: cents }));

export const OrderEvent = z.discriminatedUnion('type', [OrderConfirmedV1, OrderRejectedV1, OrderPaymentFailedV1, OrderCancelledV1]);
export type OrderEvent = z.infer<typeof OrderEvent>;
