import { DEFAULT_MIX, parseMix, pick, retryAfterMs } from './crowd.ts';

describe('the crowd\'s mix of actions', () => {
  it('reads weights by name; the actions left out weigh nothing', () => {
    expect(parseMix('browse=3, order=1')).toEqual({ browse: 3, product: 0, order: 1, orders: 0, notifications: 0, cancel: 0, signin: 0, restock: 0 });
  });

  it('refuses an unknown action, a weight that is no whole number, and a mix of nothing', () => {
    expect(() => parseMix('dance=1')).toThrow('unknown action "dance"');
    expect(() => parseMix('browse=-1')).toThrow('whole number');
    expect(() => parseMix('browse=0')).toThrow('at least one action');
  });

  it('draws each action in proportion to its weight', () => {
    const mix = parseMix('browse=3,order=1');

    expect([0, 0.5, 0.74].map((draw) => pick(mix, draw))).toEqual(['browse', 'browse', 'browse']);
    expect([0.75, 0.99].map((draw) => pick(mix, draw))).toEqual(['order', 'order']);
    expect(pick(DEFAULT_MIX, 0.999)).toBe('restock');
  });
});

describe('how long a client waits before it sends again', () => {
  const headers = (retryAfter?: string) => ({ headers: new Headers(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) });

  it('waits what Retry-After says', () => {
    expect(retryAfterMs(headers('3'), 1)).toBe(3000);
  });

  it('without it, backs off from half a second, doubling, to 10 s at most', () => {
    expect([1, 2, 3, 6, 9].map((attempt) => retryAfterMs(headers(), attempt))).toEqual([500, 1000, 2000, 10_000, 10_000]);
    expect(retryAfterMs(headers('3600'), 1)).toBe(10_000);
  });
});
