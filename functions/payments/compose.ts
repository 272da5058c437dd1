import { Metrics } from '@aws-lambda-powertools/metrics';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type Stripe from 'stripe';
import * as z from '../../lib/zod.ts';
import { dynamoDbClient, sqsClient, ssmClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { sqsRequeue } from '../../lib/aws/sqs-requeue.ts';
import { BreakerWatch } from '../../lib/breakers.ts';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { paymentMethod } from '../../lib/contracts/fields.ts';
import { SqsMessagePublisher } from '../../lib/messaging/sqs-publisher.ts';
import type { Deferral } from '../../lib/queue/queue-handler.ts';
import { DynamoDbPaymentRecords } from './adapters/dynamodb-payment-records.ts';
import { breakerLog, PROVIDER_BREAKER } from './compose-breakers.ts';
import { EmfPaymentMetrics } from './adapters/emf-payment-metrics.ts';
import { stripeClient } from './adapters/stripe-client.ts';
import { defaultResilience, StripePaymentProvider } from './adapters/stripe-payment-provider.ts';
import { SqsPaymentReplies } from './adapters/sqs-payment-replies.ts';
import type { PaymentDeps } from './use-cases/charge-payment.ts';

/** How long a container trusts the provider's URL and key it read from SSM before it reads them again. */
const PROVIDER_SETTINGS_CACHE_SECONDS = 300;

/** The payments service's composition root, built once per container: so is the provider's breaker. */
const config = readConfig(
  z.object({
    PAYMENTS_TABLE: z.string().check(z.minLength(1)),
    PROVIDER_URL_PARAMETER: z.string().check(z.startsWith('/shop/')),
    PROVIDER_KEY_PARAMETER: z.string().check(z.startsWith('/shop-secret/')),
    PROVIDER_BREAKER_HALF_OPEN_MS: z.coerce.number().check(z.int(), z.positive()),
    PROVIDER_RETRY_FIRST_SECONDS: z.coerce.number().check(z.int(), z.positive()),
    PROVIDER_RETRY_MAX_SECONDS: z.coerce.number().check(z.int(), z.positive()),
    DEFAULT_PAYMENT_METHOD: paymentMethod,
  }),
);

const parameters = new SSMProvider({ awsSdkV3Client: ssmClient() });
const setting = async (name: string, decrypt: boolean): Promise<string> => {
  const value = await parameters.get(name, { decrypt, maxAge: PROVIDER_SETTINGS_CACHE_SECONDS });
  if (value === undefined || value === '') throw new Error(`The SSM parameter ${name} has no value.`);
  return value;
};

/** One SDK client per provider URL and key: a rotated key or a moved URL is picked up within the cache's life. */
let client: { url: string; key: string; stripe: Stripe } | undefined;
const stripe = async (): Promise<Stripe> => {
  const [url, key] = await Promise.all([setting(config.PROVIDER_URL_PARAMETER, false), setting(config.PROVIDER_KEY_PARAMETER, true)]);
  if (client?.url !== url || client.key !== key) client = { url, key, stripe: stripeClient(url, key) };
  return client.stripe;
};

/** The payments service's one Metrics instance: adapters add to it, the queue stack flushes it per invocation. */
export const metrics = new Metrics({ namespace: 'shop', serviceName: 'payments' });
const paymentMetrics = new EmfPaymentMetrics(metrics);
const sqs = sqsClient();

export const paymentDeps: PaymentDeps = {
  records: new DynamoDbPaymentRecords(documentClient(dynamoDbClient()), config.PAYMENTS_TABLE),
  provider: new StripePaymentProvider(
    stripe,
    { ...defaultResilience, halfOpenAfterMs: config.PROVIDER_BREAKER_HALF_OPEN_MS },
    new BreakerWatch(PROVIDER_BREAKER, { log: breakerLog, clock: systemClock, onChange: (state) => state === 'open' && paymentMetrics.breakerOpened() }),
  ),
  replies: new SqsPaymentReplies(new SqsMessagePublisher(sqs), systemClock),
  metrics: paymentMetrics,
};

/** The payment method a charge uses when the order names none (Stripe test mode's test card, unless the stage says otherwise). */
export const defaultPaymentMethod = config.DEFAULT_PAYMENT_METHOD;

/** A command the provider cannot take now waits in its queue (sent back with a delay) rather than failing. */
export const paymentDeferral: Deferral = { requeue: sqsRequeue(sqs), pace: { firstSeconds: config.PROVIDER_RETRY_FIRST_SECONDS, maxSeconds: config.PROVIDER_RETRY_MAX_SECONDS } };
