import { cursorCodec } from '../../../lib/cursor.ts';
import * as z from '../../../lib/zod.ts';

/**
 * Where a page of a user's notifications ended: the last notification's sort key (`s`, see
 * notificationSortKey), as base64url JSON; clients treat it as opaque. It must be a sort key this
 * table writes (a timestamp and a UUID, so bounded), so a forged one is a 400 here, not an error from
 * DynamoDB. It holds no user: the caller's own partition is always the one read.
 */
const SORT_KEY = /^NOTIFICATION#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cursorSchema = z.strictObject({ s: z.string().check(z.regex(SORT_KEY)) });

const codec = cursorCodec(cursorSchema);

export const encodeCursor = (sortKey: string): string => codec.encode({ s: sortKey });

/** The sort key a cursor holds, if it is one this API gave out. */
export const decodeCursor = (text: string): string => codec.decode(text).s;
