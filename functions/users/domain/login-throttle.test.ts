import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { addressBucket, PER_ADDRESS, PER_CLIENT, policyFor, refusedUntil, secondsUntil, throttleKeys, withFailure, type FailureWindow } from './login-throttle.ts';

const POLICY = { maxFailures: 3, windowSeconds: 600 };

function failures(clock: ManualClock, times: number): FailureWindow | undefined {
  let window: FailureWindow | undefined;
  for (let failure = 0; failure < times; failure++) window = withFailure(window, POLICY, clock.now());
  return window;
}

describe('the login throttle', () => {
  it('lets logins through until the window holds maxFailures, then until the window is over', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const almost = failures(clock, 2);
    const full = failures(clock, 3);
    clock.advanceSeconds(599);

    expect(refusedUntil(undefined, POLICY, clock.now())).toBeUndefined();
    expect(refusedUntil(almost, POLICY, clock.now())).toBeUndefined();
    expect(refusedUntil(full, POLICY, clock.now())).toEqual(new Date('2026-01-01T00:10:00.000Z'));
    clock.advanceSeconds(1);
    expect(refusedUntil(full, POLICY, clock.now())).toBeUndefined();
  });

  it('counts a failure in a live window and starts afresh after an over one', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const started = withFailure(undefined, POLICY, clock.now());
    clock.advanceSeconds(60);
    const second = withFailure(started, POLICY, clock.now());
    clock.advanceSeconds(600);

    expect(second).toEqual({ failures: 2, startedAt: new Date('2026-01-01T00:00:00.000Z') });
    expect(withFailure(second, POLICY, clock.now())).toEqual({ failures: 1, startedAt: new Date('2026-01-01T00:11:00.000Z') });
  });

  it('keys a login by the client (email and address) and by the address alone, each with its policy', () => {
    const keys = throttleKeys({ email: 'ada@example.com', address: '198.51.100.7' });

    expect(keys).toEqual([{ email: 'ada@example.com', address: '198.51.100.7' }, { address: '198.51.100.7' }]);
    expect(keys.map(policyFor)).toEqual([PER_CLIENT, PER_ADDRESS]);
  });

  it('asks a refused client to wait whole seconds, at least one', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');

    expect(secondsUntil(new Date('2026-01-01T00:00:01.200Z'), now)).toBe(2);
    expect(secondsUntil(now, now)).toBe(1);
  });

  it.each([
    ['an IPv4 address as it is', '198.51.100.7', '198.51.100.7'],
    ['an IPv4-mapped IPv6 address as IPv4', '::ffff:198.51.100.7', '198.51.100.7'],
    ['an IPv6 address by its /64', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['a compressed IPv6 address by the same /64', '2001:0DB8:1:2::9', '2001:db8:1:2::/64'],
    ['a short IPv6 address with zeros filled in', '2001:db8::1', '2001:db8:0:0::/64'],
    ['loopback IPv6', '::1', '0:0:0:0::/64'],
    ['something that is no address as it is', 'unknown', 'unknown'],
  ])('counts %s', (_what, address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});
