import { Buffer } from 'node:buffer';
import { ValidationError } from '../../../lib/errors.ts';
import * as z from '../../../lib/zod.ts';

/**
 * Where a page of a user's notifications ended: the last notification's sort key (`s`, see
 * notificationSortKey), as base64url JSON; clients treat it as opaque. It must be a sort key this
 * table writes (a timestamp and a UUID, so bounded), so a forged one is a 400 here, not an error from
 * DynamoDB. It holds no user: the caller's own partition is always the one read.
 */
const SORT_KEY = /^NOTIFICATION#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cursorSchema = z.strictObject({ s: z.string().check(z.regex(SORT_KEY)) });

export const encodeCursor = (sortKey: string): string => Buffer.from(JSON.stringify({ s: sortKey })).toString('base64url');

/** The sort key a cursor holds, if it is one this API gave out. */
export function decodeCursor(text: string): string {
  const refuse = () => new ValidationError([{ field: 'query.cursor', reason: 'is not a cursor this API gave out' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const cursor = cursorSchema.safeParse(decoded);
  if (!cursor.success) throw refuse();
  return cursor.data.s;
}
