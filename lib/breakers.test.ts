import { setTimeout as sleep } from 'node:timers/promises';
import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
import { breakerStates, BreakerWatch, type BreakerState } from './breakers.ts';
import { describeBreakerLogContract } from './testing/breaker-log.contract.ts';
import { InMemoryBreakerLog } from './testing/in-memory-breaker-log.ts';
import { ManualClock } from './testing/manual-clock.ts';

describeBreakerLogContract('the in-memory breaker log', () => new InMemoryBreakerLog());

describe('a watched breaker', () => {
  const HALF_OPEN_MS = 50;
  const setUp = () => {
    const log = new InMemoryBreakerLog();
    const seen: BreakerState[] = [];
    const watch = new BreakerWatch('provider', { log, clock: new ManualClock('2030-01-01T00:00:00.000Z'), container: 'c-1', onChange: (state) => seen.push(state) });
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: HALF_OPEN_MS, breaker: new ConsecutiveBreaker(2) });
    watch.attach(breaker);
    const fail = () => breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    return { log, seen, watch, breaker, fail };
  };

  it('records each change of state, with the container that saw it, by the time it settles', async () => {
    const { log, seen, watch, breaker, fail } = setUp();

    await fail();
    await fail();
    await watch.settled();
    const opened = await log.latest(['provider']);
    await sleep(HALF_OPEN_MS * 2);
    await breaker.execute(async () => 'answered');
    await watch.settled();

    expect(opened).toEqual([{ dependency: 'provider', state: 'open', at: '2030-01-01T00:00:00.000Z', container: 'c-1' }]);
    expect(seen).toEqual(['open', 'half-open', 'closed']);
    expect(await log.latest(['provider'])).toEqual([expect.objectContaining({ state: 'closed' })]);
  });

  it('goes on when the record cannot be written: the breaker works, and the change is still told', async () => {
    const { log, seen, watch, fail } = setUp();
    log.failing = true;

    await fail();
    await fail();

    await expect(watch.settled()).resolves.toBeUndefined();
    expect(seen).toEqual(['open']);
    log.failing = false;
    expect(await log.latest(['provider'])).toEqual([]);
  });
});

describe("the breakers' states", () => {
  it('say how long ago each breaker changed, and call one never recorded closed', async () => {
    const log = new InMemoryBreakerLog();
    const clock = new ManualClock('2030-01-01T00:01:00.000Z');
    await log.record({ dependency: 'provider', state: 'open', at: '2030-01-01T00:00:15.000Z', container: 'c-1' });

    const states = await breakerStates({ log, clock }, ['provider', 'catalog']);

    expect(states).toEqual([
      { dependency: 'provider', state: 'open', changedAt: '2030-01-01T00:00:15.000Z', ageSeconds: 45, container: 'c-1' },
      { dependency: 'catalog', state: 'closed', changedAt: null, ageSeconds: null, container: null },
    ]);
  });
});
