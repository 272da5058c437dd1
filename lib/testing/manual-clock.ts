import type { Clock } from '../clock.ts';

/** A clock for tests: it stands still until moved on. */
export class ManualClock implements Clock {
  #now: Date;

  constructor(iso: string) {
    this.#now = new Date(iso);
  }

  /** A copy, so a caller that changes the date it got cannot move the clock. */
  now(): Date {
    return new Date(this.#now);
  }

  advanceSeconds(seconds: number): void {
    this.#now = new Date(this.#now.getTime() + seconds * 1000);
  }
}
