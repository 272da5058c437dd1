import * as z from '../../../lib/zod.ts';

export const listOrdersQuery = z.strictObject({
  limit: z._default(z.pipe(z.string().check(z.regex(/^[1-9][0-9]?$|^100$/, 'must be a whole number from 1 to 100')), z.transform(Number)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});
