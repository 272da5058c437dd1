import { randomUUID } from 'node:crypto';
import type { DeadLetter, DeadLetters, RedriveResult } from '../dead-letters.ts';

/** A dead-letter queue and its source queue in memory, with the promises of SqsDeadLetters. */
export class InMemoryDeadLetters implements DeadLetters {
  readonly dlq: DeadLetter[] = [];
  /** What was sent back to the source queue, in order. */
  readonly source: Array<{ body: string; attributes: Record<string, string> }> = [];
  /** Set to make every send to the source queue fail, as a queue that refuses. */
  refusing = false;

  /** A message that failed its last receive and was moved here. */
  async kill(body: string, attributes: Record<string, string> = {}): Promise<string> {
    const messageId = randomUUID();
    this.dlq.push({ messageId, body, attributes: { ...attributes }, sentAt: new Date().toISOString(), receiveCount: 1 });
    return messageId;
  }

  async peek(limit: number): Promise<DeadLetter[]> {
    return this.dlq.slice(0, limit).map((message) => {
      message.receiveCount += 1;
      return structuredClone(message);
    });
  }

  async redrive(): Promise<RedriveResult> {
    const result: RedriveResult = { moved: 0, notSent: [], notDeleted: [] };
    for (const message of this.dlq.splice(0)) {
      if (this.refusing) {
        result.notSent.push({ messageId: message.messageId, reason: 'the source queue refused it' });
        this.dlq.push(message);
        continue;
      }
      this.source.push({ body: message.body, attributes: message.attributes });
      result.moved += 1;
    }
    return result;
  }
}
