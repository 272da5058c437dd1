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

/** A notification as the caller sees it (the email's body and address stay with the service). */
export const NotificationView = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  type: z.enum(['OrderConfirmed', 'OrderRejected', 'OrderPaymentFailed', 'OrderCancelled', 'OrderCompensationFailed']),
  subject: z.string(),
  sentAt: z.optional(z.iso.datetime().check(z.meta({ description: 'When the email went out; absent until it has.' }))),
  createdAt: z.iso.datetime(),
});
