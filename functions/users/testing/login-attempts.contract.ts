import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { untilDecided } from '../../../test/support/races.ts';
import { PER_ADDRESS, PER_CLIENT, type ThrottleKey, type ThrottlePolicy } from '../domain/login-throttle.ts';
import type { LoginAttempts } from '../ports.ts';

const anEmail = () => `user-${randomUUID()}@example.com`;
/** An address bucket of its own (an IPv6 /64 in the documentation range), so tests sharing a store never meet. */
const anAddress = () => `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::/64`;
const aClient = (): ThrottleKey => ({ email: anEmail(), address: anAddress() });

/**
 * What every LoginAttempts promises (ports.ts), run against the in-memory fake and the DynamoDB
 * adapter alike. `subject` may share its store with other tests: each test counts under its own keys.
 */
export function describeLoginAttemptsContract(name: string, subject: () => LoginAttempts): void {
  describe(`${name} keeps the LoginAttempts contract`, () => {
    let attempts: LoginAttempts;
    let clock: ManualClock;
    beforeAll(() => {
      attempts = subject();
    });
    beforeEach(() => {
      clock = new ManualClock('2026-11-22T12:00:00.000Z');
    });

    const count = (key: ThrottleKey, policy: ThrottlePolicy = PER_CLIENT) => attempts.countFailure(key, clock.now(), policy);
    const start = new Date('2026-11-22T12:00:00.000Z');

    it('has no window for a key that never failed', async () => {
      await expect(attempts.failuresOf(aClient())).resolves.toBeUndefined();
    });

    it('counts failures in a window that starts at the first, and gives the window back', async () => {
      const client = aClient();

      for (let minute = 0; minute < 3; minute++) {
        await count(client);
        clock.advanceSeconds(60);
      }

      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 3, startedAt: start });
    });

    it("adds to a window until the second its policy's time is over, then starts a new one", async () => {
      const client = aClient();
      for (let failure = 0; failure < 5; failure++) await count(client);
      clock.advanceSeconds(PER_CLIENT.windowSeconds - 1);
      await count(client);
      const lastSecond = await attempts.failuresOf(client);
      clock.advanceSeconds(1);

      await count(client);

      expect(lastSecond).toEqual({ failures: 6, startedAt: start });
      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 1, startedAt: clock.now() });
    });

    it('gives back a window as stored once its time is over, until a failure starts a new one', async () => {
      const client = aClient();
      await count(client);
      clock.advanceSeconds(PER_CLIENT.windowSeconds * 4);

      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 1, startedAt: start });
    });

    it('measures a window by the policy it is counted under', async () => {
      const client = aClient();
      const brief: ThrottlePolicy = { maxFailures: 2, windowSeconds: 60 };
      await count(client, brief);
      await count(client, brief);
      clock.advanceSeconds(60);

      await count(client, brief);

      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 1, startedAt: clock.now() });
    });

    it('keeps the keys apart: a client, its address alone, the email from elsewhere, another email from here', async () => {
      const client = aClient();
      const { address, email = '' } = client;
      await count(client);
      await count(client);
      await count({ address }, PER_ADDRESS);

      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 2, startedAt: start });
      await expect(attempts.failuresOf({ address })).resolves.toEqual({ failures: 1, startedAt: start });
      await expect(attempts.failuresOf({ email, address: anAddress() })).resolves.toBeUndefined();
      await expect(attempts.failuresOf({ email: anEmail(), address })).resolves.toBeUndefined();
    });

    it('counts every one of many concurrent failures', async () => {
      const client = aClient();

      await Promise.all(Array.from({ length: 12 }, () => untilDecided(() => count(client))));

      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 12, startedAt: start });
    });

    it('forgets one key, saying whether there was a window, and leaves the others; a failure then starts afresh', async () => {
      const client = aClient();
      await count(client);
      await count({ address: client.address }, PER_ADDRESS);

      const forgotten = [await attempts.forget(client), await attempts.forget(client)];
      const afterwards = await attempts.failuresOf(client);
      clock.advanceSeconds(30);
      await count(client);

      expect(forgotten).toEqual([true, false]);
      expect(afterwards).toBeUndefined();
      await expect(attempts.failuresOf({ address: client.address })).resolves.toEqual({ failures: 1, startedAt: start });
      await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 1, startedAt: clock.now() });
    });

    it("forgets an email's windows from every address, saying how many, and neither an address's own nor another email's", async () => {
      const email = anEmail();
      const here = anAddress();
      const keys = [here, anAddress(), anAddress()].map((address) => ({ email, address }));
      for (const key of keys) await count(key);
      await count({ address: here }, PER_ADDRESS);
      const neighbour = { email: anEmail(), address: here };
      await count(neighbour);

      await expect(attempts.forgetEmail(email)).resolves.toBe(3);

      for (const key of keys) await expect(attempts.failuresOf(key)).resolves.toBeUndefined();
      await expect(attempts.failuresOf({ address: here })).resolves.toEqual({ failures: 1, startedAt: start });
      await expect(attempts.failuresOf(neighbour)).resolves.toEqual({ failures: 1, startedAt: start });
      await expect(attempts.forgetEmail(email)).resolves.toBe(0);
    });
  });
}
