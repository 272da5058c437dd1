import { cursorCodec, refuseCursor } from '../../../lib/cursor.ts';
import { canonicalUuid } from '../../../lib/ids.ts';
import * as z from '../../../lib/zod.ts';
import type { OrderState } from '../domain/order.ts';

/**
 * Where a page of orders ended: the last order's placement time (`p`) and id (`i`), for which listing
 * (`c`: the customer's id, or latestListing's name), so it cannot be replayed against another listing.
 * base64url JSON; opaque to clients, and a forged one is a 400 naming `query.cursor`.
 */
export type OrderCursor = { c: string; p: string; i: string };

/** The listing of every customer's latest orders, in one state or in all. */
export const latestListing = (state: OrderState | undefined): string => `state:${state ?? '*'}`;

const cursorSchema = z.strictObject({ c: z.string().check(z.minLength(1), z.maxLength(128)), p: z.iso.datetime(), i: canonicalUuid() });

const codec = cursorCodec(cursorSchema);

export const encodeOrderCursor = (cursor: OrderCursor): string => codec.encode(cursor);

export function decodeOrderCursor(text: string, listing: string): OrderCursor {
  const cursor = codec.decode(text);
  if (cursor.c !== listing) throw refuseCursor('belongs to another listing');
  return cursor;
}
