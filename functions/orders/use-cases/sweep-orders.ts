import { logger } from '../../../lib/logger.ts';
import { transition } from '../domain/saga.ts';
import { commitStep, flushOutbox, sagaContext, type SagaDeps } from './saga.ts';

/** Messages unsent this long after their commit are taken for lost by a crash (a live sender is far quicker). */
const UNSENT_GRACE_SECONDS = 30;
const BATCH = 100;

export type SweepResult = { resent: number; pastDeadline: number; failed: number };

/**
 * Runs on a schedule: sends what a crash left in outboxes, and moves open orders past their deadline
 * into their compensations. Each order is handled alone; one that fails (it moved on meanwhile, or a
 * queue cannot be reached) is counted and left for the next run.
 */
export async function sweepOrders(deps: SagaDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = { resent: 0, pastDeadline: 0, failed: 0 };
  const unsent = await deps.orders.withUnsentMessages(new Date(now.getTime() - UNSENT_GRACE_SECONDS * 1000), BATCH);
  for (const stored of unsent) {
    await attempt(result, 'resent', () => flushOutbox(deps, stored));
  }
  for (const stored of await deps.orders.pastDeadline(now, BATCH)) {
    await attempt(result, 'pastDeadline', async () => {
      await commitStep(deps, stored, transition(stored.order, { type: 'DeadlinePassed' }, sagaContext(deps)));
    });
  }
  return result;
}

async function attempt(result: SweepResult, counter: 'resent' | 'pastDeadline', work: () => Promise<void>): Promise<void> {
  try {
    await work();
    result[counter] += 1;
  } catch (error) {
    result.failed += 1;
    logger.warn('sweep of an order failed; the next run tries again', { error: error as Error });
  }
}
