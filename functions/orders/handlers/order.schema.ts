import * as z from '../../../lib/zod.ts';
import { COMPENSATING, ORDER_STATES, type OrderState } from '../domain/order.ts';

const STATES = Object.keys(ORDER_STATES) as [OrderState, ...OrderState[]];
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
    z.meta({
      description: 'REJECTED, PAYMENT_FAILED and CANCELLED are final; CONFIRMED is too, unless cancelled; the others move on by themselves.',
    }),
  ),
  version: z.int(),
  placedAt: at,
  deadline: z.optional(at.check(z.meta({ description: "When an open order's wait ends; absent in any other state." }))),
  paymentMethod: z.optional(z.string().check(z.meta({ description: 'The payment method named at placement, if any.' }))),
  paymentId: z.optional(z.string()),
  rejection: z.optional(z.enum(['INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT'])),
  compensation: z.optional(
    z.object({
      outcome: z.enum(['PAYMENT_FAILED', 'CANCELLED']),
      cause: z.enum(['CUSTOMER_REQUEST', 'ADMIN_REQUEST', 'STOCK_TIMED_OUT', 'CARD_DECLINED', 'PAYMENT_TIMED_OUT']),
      refundedCents: z.int(),
      attempts: z.int(),
      gaveUpIn: z.optional(z.enum(COMPENSATING)),
    }),
  ),
  history: z.array(z.object({ state: z.enum(STATES), at, by: z.enum(['orders', 'catalog', 'payments', 'customer', 'admin']), reason: z.string() })),
});
