import { isIPv4, isIPv6 } from 'node:net';

/**
 * Failed logins are counted, after the password was checked, in fixed windows: a window begins at the
 * first failure and lasts `windowSeconds`; once it holds `maxFailures`, logins under that key wait until
 * it is over (the right password too, or the refusal would tell a guesser when they hit it). Nothing is
 * counted for a right password, so its owner is never refused for logging in often.
 *
 * Two keys, after OWASP's Authentication cheat sheet: one client (an email from one address) guessing at
 * one account, and one address guessing at many (password spraying). There is no key for an email across
 * all addresses: a stranger elsewhere could then lock its owner out at will.
 */
export type ThrottlePolicy = Readonly<{ maxFailures: number; windowSeconds: number }>;

/** One email from one address: the owner elsewhere is not held up by a stranger here. */
export const PER_CLIENT: ThrottlePolicy = { maxFailures: 5, windowSeconds: 15 * 60 };
/** One address across every email: high enough for many people behind one NAT, low enough to stop spraying. */
export const PER_ADDRESS: ThrottlePolicy = { maxFailures: 50, windowSeconds: 15 * 60 };

/** What failures are counted under: an address, and with an email the client trying that email from it. */
export type ThrottleKey = Readonly<{ address: string; email?: string }>;

export const policyFor = (key: ThrottleKey): ThrottlePolicy => (key.email === undefined ? PER_ADDRESS : PER_CLIENT);

/** Who tries to log in: the email (normalised) and the address the request came from. */
export type LoginSource = Readonly<{ email: string; address: string }>;

/** The keys a login from `source` is throttled under. */
export const throttleKeys = ({ email, address }: LoginSource): ThrottleKey[] => [{ email, address }, { address }];

/** The failures counted under one key since `startedAt`. */
export type FailureWindow = Readonly<{ failures: number; startedAt: Date }>;

export const windowEnd = (window: FailureWindow, policy: ThrottlePolicy): Date =>
  new Date(window.startedAt.getTime() + policy.windowSeconds * 1000);

/** A window is over once its time has passed, whether or not its stored counter is gone yet. */
const isOver = (window: FailureWindow, policy: ThrottlePolicy, now: Date): boolean => windowEnd(window, policy) <= now;

/** When logins under a key may go on, if they must wait now: the end of its full window. */
export function refusedUntil(window: FailureWindow | undefined, policy: ThrottlePolicy, now: Date): Date | undefined {
  if (window === undefined || isOver(window, policy, now) || window.failures < policy.maxFailures) return undefined;
  return windowEnd(window, policy);
}

/** The window once one more failure is counted in it: a window that is over starts afresh. */
export function withFailure(window: FailureWindow | undefined, policy: ThrottlePolicy, now: Date): FailureWindow {
  if (window === undefined || isOver(window, policy, now)) return { failures: 1, startedAt: now };
  return { ...window, failures: window.failures + 1 };
}

/** Whole seconds until `end`, at least 1 (a Retry-After of 0 would invite an immediate retry). */
export const secondsUntil = (end: Date, now: Date): number => Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));

/**
 * The address failures are counted under. An IPv4 address as it is (an IPv4-mapped IPv6 one as IPv4);
 * an IPv6 address by its /64 network, which one subscriber usually holds whole, so that stepping through
 * it is no way around the limit. Anything else (no address known) as it is.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
