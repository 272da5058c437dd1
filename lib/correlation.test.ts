import { setTimeout as sleep } from 'node:timers/promises';
import { acceptCorrelationId, correlationHeader, currentCorrelationId, withCorrelationId } from './correlation.ts';

/** Reads the current id before and after giving way to whatever else runs. */
async function idsSeen(pauseMs: number): Promise<[string | undefined, string | undefined]> {
  const before = currentCorrelationId();
  await sleep(pauseMs);
  return [before, currentCorrelationId()];
}

describe('the correlation id', () => {
  it('stays with each of two concurrent runs through their awaits', async () => {
    const seen = await Promise.all([withCorrelationId('first', () => idsSeen(20)), withCorrelationId('second', () => idsSeen(5))]);

    expect(seen).toEqual([
      ['first', 'first'],
      ['second', 'second'],
    ]);
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("is the caller's when it has a sane shape, and a fresh one otherwise", () => {
    expect(acceptCorrelationId('order-42:retry.1')).toBe('order-42:retry.1');
    expect(acceptCorrelationId('no spaces allowed')).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptCorrelationId('x'.repeat(129))).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptCorrelationId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('goes on a call to another service as X-Correlation-Id, and no header goes outside any work', () => {
    expect(withCorrelationId('order-42', () => correlationHeader())).toEqual({ 'x-correlation-id': 'order-42' });
    expect(correlationHeader()).toEqual({});
  });
});
