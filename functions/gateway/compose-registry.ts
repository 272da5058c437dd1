import * as z from '../../lib/zod.ts';
import { sqsClient } from '../../lib/aws/clients.ts';
import { SsmServiceRegistry } from '../../lib/aws/ssm-registry.ts';
import { readConfig } from '../../lib/config.ts';
import { HttpHealthCheck } from './adapters/http-health-check.ts';
import { SqsQueueGauge } from './adapters/sqs-queue-gauge.ts';

/** The composition root of the routes that look at the whole stage (GET /registry, GET /admin/queues), apart from compose.ts so that the authorizers do not load SSM. */
const config = readConfig(z.object({ SHOP_STAGE: z.string().check(z.minLength(1)) }));

export const directory = new SsmServiceRegistry({ stage: config.SHOP_STAGE });
// Well inside the function's timeout: every service is asked at once.
export const health = new HttpHealthCheck({ timeoutMs: 2000 });
export const gauge = new SqsQueueGauge(sqsClient());
