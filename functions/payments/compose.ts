import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import * as z from '../../lib/zod.ts';
import { documentClient, dynamoDbClient, sqsClient, ssmClient } from '../../lib/aws/clients.ts';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { SqsMessagePublisher } from '../../lib/messaging/sqs-publisher.ts';
import { DynamoDbPaymentRecords } from './adapters/dynamodb-payment-records.ts';
import { EmfPaymentMetrics } from './adapters/emf-payment-metrics.ts';
import { defaultResilience, HttpPaymentProvider } from './adapters/http-payment-provider.ts';
import { SqsPaymentReplies } from './adapters/sqs-payment-replies.ts';
import type { PaymentDeps } from './use-cases/charge-payment.ts';

/** How long a container trusts the provider's URL it read from SSM before it reads it again. */
const PROVIDER_URL_CACHE_SECONDS = 300;

/** The payments service's composition root, built once per container: so is the provider's breaker. */
const config = readConfig(
  z.object({
    PAYMENTS_TABLE: z.string().check(z.minLength(1)),
    PROVIDER_URL_PARAMETER: z.string().check(z.startsWith('/shop/')),
    PROVIDER_BREAKER_HALF_OPEN_MS: z.coerce.number().check(z.int(), z.positive()),
  }),
);

const parameters = new SSMProvider({ awsSdkV3Client: ssmClient() });
const providerUrl = async (): Promise<string> => {
  const url = await parameters.get(config.PROVIDER_URL_PARAMETER, { maxAge: PROVIDER_URL_CACHE_SECONDS });
  if (url === undefined || url === '') throw new Error(`The SSM parameter ${config.PROVIDER_URL_PARAMETER} has no value.`);
  return url.replace(/\/+$/, '');
};

const metrics = new EmfPaymentMetrics();

export const paymentDeps: PaymentDeps = {
  records: new DynamoDbPaymentRecords(documentClient(dynamoDbClient()), config.PAYMENTS_TABLE),
  provider: new HttpPaymentProvider(providerUrl, { ...defaultResilience, halfOpenAfterMs: config.PROVIDER_BREAKER_HALF_OPEN_MS }, () => metrics.breakerOpened()),
  replies: new SqsPaymentReplies(new SqsMessagePublisher(sqsClient()), systemClock),
  metrics,
};
