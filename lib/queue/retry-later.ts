import type { SQSRecord } from 'aws-lambda';

/** SQS delays a message by at most this long. */
const MAX_DELAY_SECONDS = 900;

/**
 * Thrown by a record's work: it cannot be done now (a provider down, a breaker open), but is worth
 * doing until `until`. With a requeue set up, the queue stack sends the message again with a delay
 * instead of failing the record, so a wait does not use up one of its receives before the DLQ.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  readonly until: Date;

  constructor(cause: Error, until: Date) {
    super(cause.message, { cause });
    this.until = until;
  }
}

/** Sends a record's message back to its own queue, to be received again after `delaySeconds`, its deferrals counted. */
export type Requeue = (record: SQSRecord, delaySeconds: number, deferrals: number) => Promise<void>;

/** The message attribute that counts how often a message was sent back to wait. */
export const DEFERRALS_ATTRIBUTE = 'deferrals';

/** How often the record was deferred before (its `deferrals` attribute; 0 for a new message). */
export function deferralsOf(record: SQSRecord): number {
  const count = Number(record.messageAttributes[DEFERRALS_ATTRIBUTE]?.stringValue ?? '0');
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/** How a deferred record's waits grow: from `firstSeconds`, doubling, to at most `maxSeconds`. */
export type DeferralPace = { firstSeconds: number; maxSeconds: number };

/**
 * How long the record waits before its next try: `firstSeconds`, doubled at each deferral up to
 * `maxSeconds` (so that whatever it waits for, once back, is tried within that long, however long it
 * was away), jittered by a quarter either way so that records deferred together do not all come back
 * together, and never past the time it is worth trying until (nor past what SQS allows).
 */
export function deferralDelay(deferrals: number, { firstSeconds, maxSeconds }: DeferralPace, secondsLeft: number, random: () => number = Math.random): number {
  const paced = Math.min(firstSeconds * 2 ** Math.min(deferrals, 20), maxSeconds, MAX_DELAY_SECONDS);
  const jittered = Math.round(paced * (0.75 + random() * 0.5));
  return Math.max(1, Math.min(jittered, maxSeconds, Math.floor(secondsLeft), MAX_DELAY_SECONDS));
}
