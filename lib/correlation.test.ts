import { setTimeout as sleep } from 'node:timers/promises';
import { correlationStore, mayRunConcurrently, type CorrelationStore } from './correlation.ts';

/** Reads the current id before and after giving way to whatever else runs. */
async function idsSeen(store: CorrelationStore, pauseMs: number): Promise<[string | undefined, string | undefined]> {
  const before = store.current();
  await sleep(pauseMs);
  return [before, store.current()];
}

describe('the correlation store', () => {
  it('keeps each of two concurrent runs on its own id, when the process may run invocations at once', async () => {
    const store = correlationStore(true);

    const seen = await Promise.all([store.run('first', () => idsSeen(store, 20)), store.run('second', () => idsSeen(store, 5))]);

    expect(seen).toEqual([
      ['first', 'first'],
      ['second', 'second'],
    ]);
    expect(store.current()).toBeUndefined();
  });

  it('keeps the id through the awaits of one run after another, when it may not', async () => {
    const store = correlationStore(false);

    const first = await store.run('first', () => idsSeen(store, 5));
    const second = await store.run('second', () => idsSeen(store, 5));

    expect([first, second]).toEqual([
      ['first', 'first'],
      ['second', 'second'],
    ]);
  });
});

describe('whether a process may run invocations at once', () => {
  const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'shop-dev-logIn' };

  it('is no on Lambda', () => {
    expect(mayRunConcurrently(lambda)).toBe(false);
  });

  it('is yes on Lambda with AWS_LAMBDA_MAX_CONCURRENCY, under serverless offline, and off Lambda', () => {
    expect(mayRunConcurrently({ ...lambda, AWS_LAMBDA_MAX_CONCURRENCY: '8' })).toBe(true);
    expect(mayRunConcurrently({ ...lambda, IS_OFFLINE: 'true' })).toBe(true);
    expect(mayRunConcurrently({})).toBe(true);
  });
});
