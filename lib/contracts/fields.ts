import * as z from '../zod.ts';

/** A queue name in the same account and region (SQS allows letters, digits, - and _). */
export const queueName = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be an SQS queue name'));

/** An amount of money in integer cents (minor units) of its currency: never a float. */
export const cents = z.int().check(z.minimum(0), z.maximum(100_000_000_00));

/** An ISO 4217 currency code: one currency per order. */
export const currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'));

/** Who a customer is across services: the users service's id of them. */
export const customerId = z.string().check(z.minLength(1), z.maxLength(128));

/** A payment method at the provider, as Stripe names one (`pm_…`): card details never reach the shop. */
export const paymentMethod = z.string().check(z.regex(/^pm_[A-Za-z0-9_]{1,200}$/, 'must be a payment method id of the provider (pm_…)'));
