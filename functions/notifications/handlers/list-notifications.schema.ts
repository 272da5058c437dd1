import * as z from '../../../lib/zod.ts';

export const ListNotificationsRequest = {
  caller: true,
  query: z.strictObject({
    // Decimal digits only: Number() would also take 0x10, +5, 1e1 and 0005.
    limit: z._default(
      z.pipe(z.string().check(z.regex(/^(?:[1-9][0-9]?|100)$/, 'must be a whole number from 1 to 100, in decimal digits')), z.transform(Number)),
      20,
    ),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  }),
} as const;
