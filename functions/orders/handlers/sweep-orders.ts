import middy from '@middy/core';
import { scopedToFunction } from '../../../lib/invocation.ts';
import { logger } from '../../../lib/logger.ts';
import { observability } from '../../../lib/observability.ts';
import { metrics, sagaDeps } from '../compose.ts';
import { sweepOrders } from '../use-cases/sweep-orders.ts';

/** Runs every minute (a schedule event; the tests invoke it on demand) and says what it did. */
export const handler = scopedToFunction(
  middy()
    .use(observability(metrics))
    .handler(async () => {
      const result = await sweepOrders(sagaDeps);
      logger.info('orders swept', { ...result });
      return result;
    }),
);
