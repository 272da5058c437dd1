/** The time, as a port: use cases and adapters take a clock, so tests can set the time. */
export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };
