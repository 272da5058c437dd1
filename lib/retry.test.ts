import { retrying } from './retry.ts';

class Busy extends Error {}

describe('trying again', () => {
  it('tries again a failure it is told to, and gives the first success', async () => {
    let tries = 0;

    const answer = await retrying(
      async () => {
        tries += 1;
        if (tries < 3) throw new Busy('busy');
        return 'done';
      },
      { when: (error) => error instanceof Busy, retries: 4, delayMs: 1 },
    );

    expect([answer, tries]).toEqual(['done', 3]);
  });

  it('throws the last failure once its tries are spent, and any other failure at once', async () => {
    let tries = 0;
    const busy = retrying(async () => {
      tries += 1;
      throw new Busy(`busy ${tries}`);
    }, { when: (error) => error instanceof Busy, retries: 2, delayMs: 1, constant: true });
    await expect(busy).rejects.toThrow('busy 3');

    let others = 0;
    const broken = retrying(async () => {
      others += 1;
      throw new Error('broken');
    }, { when: (error) => error instanceof Busy, retries: 5, delayMs: 1 });
    await expect(broken).rejects.toThrow('broken');
    expect(others).toBe(1);
  });
});
