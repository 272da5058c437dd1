import { cursorCodec, refuseCursor } from '../../../lib/cursor.ts';
import { canonicalUuid } from '../../../lib/ids.ts';
import * as z from '../../../lib/zod.ts';

/**
 * Where a page of a customer's orders ended: the last order's placement time (`p`) and id (`i`), for
 * which customer (`c`), so it cannot be replayed against another's listing. base64url JSON; opaque to
 * clients, and a forged one is a 400 naming `query.cursor`.
 */
export type OrderCursor = { c: string; p: string; i: string };

const cursorSchema = z.strictObject({ c: z.string().check(z.minLength(1), z.maxLength(128)), p: z.iso.datetime(), i: canonicalUuid() });

const codec = cursorCodec(cursorSchema);

export const encodeOrderCursor = (cursor: OrderCursor): string => codec.encode(cursor);

export function decodeOrderCursor(text: string, customerId: string): OrderCursor {
  const cursor = codec.decode(text);
  if (cursor.c !== customerId) throw refuseCursor('belongs to another listing');
  return cursor;
}
