import { listDeadLetters, redriveDeadLetters } from './dead-letters.ts';
import { describeDeadLettersContract } from './testing/dead-letters.contract.ts';
import { InMemoryDeadLetters } from './testing/in-memory-dead-letters.ts';

describeDeadLettersContract('the in-memory dead letters', async () => {
  const deadLetters = new InMemoryDeadLetters();
  return { deadLetters, kill: (body, attributes) => deadLetters.kill(body, attributes), sourceBodies: async () => deadLetters.source.map(({ body }) => body) };
});

describe("a service's dead letters", () => {
  it('are listed oldest first, as many as asked', async () => {
    const deadLetters = new InMemoryDeadLetters();
    const ids = [await deadLetters.kill('first'), await deadLetters.kill('second')];

    const listed = await listDeadLetters({ deadLetters }, 1);

    expect(listed.map(({ messageId }) => messageId)).toEqual([ids[0]]);
  });

  it('say which messages a redrive could not send, and keep those in the DLQ', async () => {
    const deadLetters = new InMemoryDeadLetters();
    const messageId = await deadLetters.kill('poison');
    deadLetters.refusing = true;

    const result = await redriveDeadLetters({ deadLetters });

    expect(result).toEqual({ moved: 0, notSent: [{ messageId, reason: 'the source queue refused it' }], notDeleted: [] });
    expect(deadLetters.dlq.map((message) => message.messageId)).toEqual([messageId]);
  });
});
