/**
 * A service's dead-letter queue, for its operators: what waits in it, and sending it back to the queue
 * it came from once the cause is mended. Each service serves its own (its messages are its data, and a
 * redrive sends to its own inbox), through the same admin routes (lib/http/dead-letter-routes.ts).
 */

/** A message in a dead-letter queue, as it was sent, with how often it was received. */
export type DeadLetter = {
  messageId: string;
  body: string;
  /** Its message attributes with a string value, by name. */
  attributes: Record<string, string>;
  /** When it was first sent (to the source queue), or null when SQS does not say. */
  sentAt: string | null;
  /** How many times it was received, this peek's included. */
  receiveCount: number;
};

export type RedriveResult = {
  moved: number;
  /** Not sent: they stay in the DLQ and are visible again after a minute. */
  notSent: Array<{ messageId: string; reason: string }>;
  /** Sent but not deleted from the DLQ: the source queue has them, and the next redrive sends them again. */
  notDeleted: Array<{ messageId: string; reason: string }>;
};

export interface DeadLetters {
  /** Up to `limit` messages of the DLQ, left in it. */
  peek(limit: number): Promise<DeadLetter[]>;
  /** Sends what the DLQ holds now back to its source queue, deleting each from the DLQ once it is sent. */
  redrive(): Promise<RedriveResult>;
}

export function listDeadLetters({ deadLetters }: { deadLetters: DeadLetters }, limit: number): Promise<DeadLetter[]> {
  return deadLetters.peek(limit);
}

export function redriveDeadLetters({ deadLetters }: { deadLetters: DeadLetters }): Promise<RedriveResult> {
  return deadLetters.redrive();
}
