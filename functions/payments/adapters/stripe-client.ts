import Stripe from 'stripe';

/**
 * A Stripe SDK client for a base URL and secret key: Stripe's own (https://api.stripe.com) on AWS, the
 * local provider under npm start and in the tests. The SDK's own retries are off (the adapter's policy
 * retries, with the same idempotency keys). It speaks through node:http.
 */
export function stripeClient(baseUrl: string, secretKey: string): Stripe {
  const { protocol, hostname, port } = new URL(baseUrl);
  return new Stripe(secretKey, {
    host: hostname,
    ...(port === '' ? {} : { port }),
    protocol: protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 0,
    telemetry: false,
  });
}
