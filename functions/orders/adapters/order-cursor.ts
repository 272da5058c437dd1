import { Buffer } from 'node:buffer';
import { ValidationError } from '../../../lib/errors.ts';
import { canonicalUuid } from '../../../lib/ids.ts';
import * as z from '../../../lib/zod.ts';

/**
 * Where a page of a customer's orders ended: the last order's placement time (`p`) and id (`i`), for
 * which customer (`c`), so it cannot be replayed against another's listing. base64url JSON; opaque to
 * clients, and a forged one is a 400 naming `query.cursor`.
 */
export type OrderCursor = { c: string; p: string; i: string };

const cursorSchema = z.strictObject({ c: z.string().check(z.minLength(1), z.maxLength(128)), p: z.iso.datetime(), i: canonicalUuid() });

export function encodeOrderCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeOrderCursor(text: string, customerId: string): OrderCursor {
  const refuse = (reason: string) => new ValidationError([{ field: 'query.cursor', reason }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is not a cursor this API gave out');
  }
  const cursor = cursorSchema.safeParse(decoded);
  if (!cursor.success) throw refuse('is not a cursor this API gave out');
  if (cursor.data.c !== customerId) throw refuse('belongs to another listing');
  return cursor.data;
}
