import * as z from '../../../lib/zod.ts';
import { paymentMethod } from '../../../lib/contracts/fields.ts';
import { canonicalUuid } from '../../../lib/ids.ts';

/** As many lines as one ReserveStock takes (lib/contracts/stock.ts), and as many units per line. */
const MAX_LINES = 50;
const MAX_QUANTITY = 1000;

const line = z.strictObject({
  productId: canonicalUuid('must be a product id (a UUID)'),
  quantity: z.int(`must be a whole number from 1 to ${MAX_QUANTITY}`).check(
    z.minimum(1, `must be a whole number from 1 to ${MAX_QUANTITY}`),
    z.maximum(MAX_QUANTITY, `must be a whole number from 1 to ${MAX_QUANTITY}`),
  ),
});

export const placeOrderBody = z.strictObject({
  /** The customer's payment method at the provider (a Stripe PaymentMethod id); without one, the stage's default. */
  paymentMethod: z.optional(paymentMethod),
  items: z.array(line).check(
    z.minLength(1, 'must hold at least one line'),
    z.maxLength(MAX_LINES, `must hold at most ${MAX_LINES} lines`),
    // One line per product: a second line of it is named, so the caller sees which to merge.
    z.superRefine((items, context) => {
      const seen = new Set<string>();
      items.forEach(({ productId }, index) => {
        if (seen.has(productId)) context.issues.push({ code: 'custom', message: 'names a product an earlier line names; one line per product', path: [index, 'productId'], input: productId });
        seen.add(productId);
      });
    }),
  ),
});

/**
 * The Idempotency-Key header: the client's name for this one order, new for every order it means
 * (a UUID, say), the same on every retry of it.
 */
export const idempotencyKeyHeader = z.object({
  'idempotency-key': z.string('is required: a key of your own for this order, the same on every retry (a UUID, say)').check(
    z.regex(/^[A-Za-z0-9._~:-]{8,255}$/, 'must be 8 to 255 letters, digits or . _ ~ : - (a UUID, say)'),
  ),
});
