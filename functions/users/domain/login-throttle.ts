/**
 * How many failed logins one email may have in a window. A window begins at the first failure and
 * lasts `windowSeconds`; once it holds `maxFailures`, every login for that email is refused (the
 * right password too, or the limit would tell a guesser when they hit it) until the window is over.
 * A fixed window allows at most 2 × maxFailures tries across a window boundary, never more on average.
 */
export type ThrottlePolicy = Readonly<{ maxFailures: number; windowSeconds: number }>;

export const LOGIN_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowSeconds: 15 * 60 };

/** The failures counted for one email since `startedAt`. */
export type FailureWindow = Readonly<{ failures: number; startedAt: Date }>;

export const windowEnd = (window: FailureWindow, policy: ThrottlePolicy): Date =>
  new Date(window.startedAt.getTime() + policy.windowSeconds * 1000);

/** A window is over once its time has passed, whether or not its stored counter is gone yet. */
export const isOver = (window: FailureWindow, policy: ThrottlePolicy, now: Date): boolean => windowEnd(window, policy) <= now;

export const isFull = (window: FailureWindow, policy: ThrottlePolicy, now: Date): boolean =>
  !isOver(window, policy, now) && window.failures >= policy.maxFailures;

/** Whole seconds until `end`, at least 1 (a Retry-After of 0 would invite an immediate retry). */
export const secondsUntil = (end: Date, now: Date): number => Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
