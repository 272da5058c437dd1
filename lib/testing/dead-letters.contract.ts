import { randomUUID } from 'node:crypto';
import type { DeadLetters } from '../dead-letters.ts';

/** A DeadLetters to test, with a way to put a message in its DLQ and to read what reached its source queue. */
export type DeadLettersSubject = {
  deadLetters: DeadLetters;
  kill: (body: string, attributes?: Record<string, string>) => Promise<string>;
  /** What reached the source queue, waiting for `count` messages. */
  sourceBodies: (count: number) => Promise<string[]>;
};

/** What every DeadLetters promises, run against the in-memory fake and the SQS adapter alike. */
export function describeDeadLettersContract(name: string, subject: () => Promise<DeadLettersSubject>): void {
  describe(`${name} keeps the DeadLetters contract`, () => {
    it('shows the messages of the DLQ with their attributes, and leaves them there', async () => {
      const { deadLetters, kill } = await subject();
      const body = `poison ${randomUUID()}`;
      const messageId = await kill(body, { type: 'ReserveStock' });

      const first = await deadLetters.peek(10);
      const second = await deadLetters.peek(10);

      expect(first).toEqual([{ messageId, body, attributes: { type: 'ReserveStock' }, sentAt: expect.any(String) as string, receiveCount: expect.any(Number) as number }]);
      expect(second.map((message) => message.messageId)).toEqual([messageId]);
    });

    it('shows at most the number asked for', async () => {
      const { deadLetters, kill } = await subject();
      for (let index = 0; index < 3; index++) await kill(`message ${index}`);

      expect(await deadLetters.peek(2)).toHaveLength(2);
    });

    it('sends every message back to its source queue and empties the DLQ', async () => {
      const { deadLetters, kill, sourceBodies } = await subject();
      const bodies = [`one ${randomUUID()}`, `two ${randomUUID()}`];
      for (const body of bodies) await kill(body);

      const result = await deadLetters.redrive();

      expect(result).toEqual({ moved: 2, notSent: [], notDeleted: [] });
      expect((await sourceBodies(2)).sort()).toEqual([...bodies].sort());
      expect(await deadLetters.peek(10)).toEqual([]);
    });
  });
}
