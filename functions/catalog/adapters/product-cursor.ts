import { Buffer } from 'node:buffer';
import { cursorCodec, refuseCursor } from '../../../lib/cursor.ts';
import { canonicalUuid } from '../../../lib/ids.ts';
import * as z from '../../../lib/zod.ts';

/** DynamoDB's limit on a sort key (a product's real keys are far shorter: a name is at most 200 characters). */
const MAX_SORT_KEY_BYTES = 1024;
/** As productFields.category bounds a category (handlers/product.schema.ts). */
const MAX_CATEGORY_LENGTH = 50;

/**
 * Where a page of the product listing ended: the last product's name sort key (`s`, see nameSortKey)
 * and id (`i`), and for which category (`c`, null for all), so it cannot be replayed against another
 * listing. Encoded as base64url JSON; clients treat it as opaque. Every field is bounded and `s` must
 * be a sort key of the product `i`, so a forged cursor is a 400 here rather than an error from
 * DynamoDB (whose local emulator does not enforce the key limit).
 */
export type ProductCursor = { c: string | null; s: string; i: string };

const cursorSchema = z
  .strictObject({
    c: z.nullable(z.string().check(z.maxLength(MAX_CATEGORY_LENGTH))),
    s: z.string().check(z.refine((key) => Buffer.byteLength(key) <= MAX_SORT_KEY_BYTES)),
    i: canonicalUuid(),
  })
  .check(z.refine(({ s, i }) => s.length > i.length + 1 && s.endsWith(`#${i}`)));

const codec = cursorCodec(cursorSchema);

export const encodeCursor = (cursor: ProductCursor): string => codec.encode(cursor);

/** The position a cursor holds, if it is one this API gave out for the listing of `category`. */
export function decodeCursor(text: string, category: string | null): ProductCursor {
  const cursor = codec.decode(text);
  if (cursor.c !== category) throw refuseCursor('belongs to another listing (category)');
  return cursor;
}
