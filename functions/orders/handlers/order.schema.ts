import * as z from '../../../lib/zod.ts';

const STATES = ['PENDING', 'STOCK_RESERVED', 'PAID', 'COMPENSATING', 'CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'COMPENSATION_FAILED'] as const;
const at = z.iso.datetime();

/** An order as the orders routes answer it (functions/orders/domain/order.ts). */
export const Order = z.object({
  id: z.uuid(),
  customerId: z.string(),
  customerEmail: z.string(),
  lines: z.array(z.object({ productId: z.uuid(), quantity: z.int(), unitPriceCents: z.int() })),
  totalCents: z.int(),
  currency: z.string(),
  state: z.enum(STATES).check(
    z.meta({ description: 'CONFIRMED, REJECTED, PAYMENT_FAILED, CANCELLED and COMPENSATION_FAILED are final; the others move on by themselves.' }),
  ),
  version: z.int(),
  placedAt: at,
  deadline: z.optional(at.check(z.meta({ description: 'When an open order moves into its compensations; absent once final.' }))),
  paymentMethod: z.optional(z.string().check(z.meta({ description: 'The payment method named at placement, if any.' }))),
  paymentId: z.optional(z.string()),
  compensation: z.optional(
    z.object({
      outcome: z.enum(['PAYMENT_FAILED', 'CANCELLED']),
      reason: z.string(),
      failure: z.optional(z.enum(['CARD_DECLINED', 'PAYMENT_TIMED_OUT'])),
      cancellation: z.optional(z.enum(['CUSTOMER_REQUEST', 'ADMIN_REQUEST', 'STOCK_TIMED_OUT'])),
      awaitingStock: z.boolean(),
      awaitingRefund: z.boolean(),
      refundedCents: z.int(),
      attempts: z.int(),
    }),
  ),
  history: z.array(
    z.object({ state: z.enum(STATES), at, by: z.enum(['orders', 'catalog', 'payments', 'customer', 'admin']), reason: z.string() }),
  ),
});
