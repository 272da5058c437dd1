import * as z from '../zod.ts';
import { canonicalUuid } from '../ids.ts';
import { messageContract } from './envelope.ts';
import { queueName } from './fields.ts';

/**
 * The catalog's half of the order saga. Commands go to the catalog's stock-commands queue; the answer
 * goes to the queue named in `replyTo`. docs/messages.md shows each as JSON. Ids are read in lower case
 * (lib/ids.ts), so the ledger keys an order by one spelling whatever case a producer sent.
 */
const orderId = canonicalUuid();
const stockLine = z.strictObject({
  productId: canonicalUuid(),
  quantity: z.int().check(z.minimum(1), z.maximum(1000)),
});

const distinctProducts = (lines: ReadonlyArray<{ productId: string }>) => new Set(lines.map((line) => line.productId)).size === lines.length;

export const ReserveStockV1 = messageContract(
  'ReserveStock',
  1,
  z.strictObject({
    orderId,
    // One line per product: the answer repeats the lines, and a line holds at most 1000 units.
    items: z.array(stockLine).check(z.minLength(1), z.maxLength(50), z.refine(distinctProducts, 'must name each product once')),
    replyTo: queueName,
  }),
);

export const ReleaseStockV1 = messageContract('ReleaseStock', 1, z.strictObject({ orderId, replyTo: queueName }));

export const StockCommand = z.discriminatedUnion('type', [ReserveStockV1, ReleaseStockV1]);
export type StockCommand = z.infer<typeof StockCommand>;

export const StockReservedV1 = messageContract(
  'StockReserved',
  1,
  z.strictObject({ orderId, items: z.array(stockLine).check(z.minLength(1)) }),
);

export const STOCK_REJECTION_REASONS = ['INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT', 'ORDER_RELEASED'] as const;

export const StockRejectedV1 = messageContract(
  'StockRejected',
  1,
  z.strictObject({
    orderId,
    reason: z.enum(STOCK_REJECTION_REASONS),
    /** The product that could not be reserved; absent when the order was released before it was reserved. */
    productId: z.optional(canonicalUuid()),
  }),
);

export const StockReleasedV1 = messageContract(
  'StockReleased',
  1,
  z.strictObject({ orderId, items: z.array(stockLine) }),
);

export const StockReply = z.discriminatedUnion('type', [StockReservedV1, StockRejectedV1, StockReleasedV1]);
export type StockReply = z.infer<typeof StockReply>;
