import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { untilDecided } from '../../../test/support/races.ts';
import { newUser, type Account } from '../domain/user.ts';
import type { UserRepository } from '../ports.ts';

const anEmail = () => `user-${randomUUID()}@example.com`;

/**
 * What every UserRepository promises (ports.ts), run against the in-memory fake and the DynamoDB
 * adapter alike, so the fake the use-case tests rely on cannot drift from the real thing. `subject`
 * may share its store with other tests: each test works with its own ids and emails.
 */
export function describeUserRepositoryContract(name: string, subject: () => UserRepository): void {
  describe(`${name} keeps the UserRepository contract`, () => {
    let users: UserRepository;
    let clock: ManualClock;
    beforeAll(() => {
      users = subject();
    });
    beforeEach(() => {
      clock = new ManualClock('2026-11-22T12:00:00.000Z');
    });

    const anAccountOf = (email: string, name = 'Ada'): Account => ({
      user: newUser({ email, name }, randomUUID(), clock.now()),
      passwordHash: `hash-${randomUUID()}`,
    });

    async function anAccount(): Promise<Account> {
      const account = anAccountOf(anEmail());
      await users.add(account);
      return account;
    }

    it('finds what it stored by id and by email, and nothing for an id or email it never stored', async () => {
      const account = await anAccount();

      await expect(users.findById(account.user.id)).resolves.toEqual(account);
      await expect(users.findByEmail(account.user.email)).resolves.toEqual(account);
      await expect(users.findById(randomUUID())).resolves.toBeUndefined();
      await expect(users.findByEmail(anEmail())).resolves.toBeUndefined();
    });

    it('refuses a second account with a taken email as a conflict, keeps the first and writes nothing of the second', async () => {
      const first = await anAccount();
      const second = anAccountOf(first.user.email, 'Eve');

      await expect(users.add(second)).rejects.toThrow(ConflictError);
      await expect(users.findById(second.user.id)).resolves.toBeUndefined();
      await expect(users.findByEmail(first.user.email)).resolves.toEqual(first);
    });

    it('lets exactly one of several concurrent registrations of one email win; the others are conflicts', async () => {
      const email = anEmail();
      const accounts = Array.from({ length: 5 }, () => anAccountOf(email, 'Racer'));

      const results = await Promise.allSettled(accounts.map((account) => untilDecided(() => users.add(account))));

      const winners = accounts.filter((_, n) => results[n]?.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const refusals = results.filter((result) => result.status === 'rejected').map((result) => result.reason as unknown);
      expect(refusals.every((reason) => reason instanceof ConflictError)).toBe(true);
      await expect(users.findByEmail(email)).resolves.toEqual(winners[0]);
      for (const loser of accounts.filter((account) => account !== winners[0])) {
        await expect(users.findById(loser.user.id)).resolves.toBeUndefined();
      }
    });

    it('renames, answering the user as renamed, and sets the role and the password hash, each with its time', async () => {
      const account = await anAccount();

      clock.advanceSeconds(1);
      const renamed = await users.rename(account.user.id, 'Countess', clock.now());
      clock.advanceSeconds(1);
      await users.setRole(account.user.id, 'admin', clock.now());
      clock.advanceSeconds(1);
      await users.setPasswordHash(account.user.id, 'scrypt$15$8$1$salt$other', clock.now());

      expect(renamed).toEqual({ ...account.user, name: 'Countess', updatedAt: '2026-11-22T12:00:01.000Z' });
      await expect(users.findById(account.user.id)).resolves.toEqual({
        user: { ...account.user, name: 'Countess', role: 'admin', updatedAt: '2026-11-22T12:00:03.000Z' },
        passwordHash: 'scrypt$15$8$1$salt$other',
      });
      await expect(users.findByEmail(account.user.email)).resolves.toMatchObject({ passwordHash: 'scrypt$15$8$1$salt$other' });
    });

    it('keeps concurrent changes of different attributes, none undoing another', async () => {
      const account = await anAccount();
      clock.advanceSeconds(5);

      await Promise.all([
        users.rename(account.user.id, 'Countess', clock.now()),
        users.setRole(account.user.id, 'admin', clock.now()),
        users.setPasswordHash(account.user.id, 'new-hash', clock.now()),
      ]);

      await expect(users.findById(account.user.id)).resolves.toEqual({
        user: { ...account.user, name: 'Countess', role: 'admin', updatedAt: clock.now().toISOString() },
        passwordHash: 'new-hash',
      });
    });

    it('says NotFoundError to every change of a user that does not exist, and creates none', async () => {
      const id = randomUUID();

      await expect(users.rename(id, 'Ghost', clock.now())).rejects.toThrow(NotFoundError);
      await expect(users.setRole(id, 'admin', clock.now())).rejects.toThrow(NotFoundError);
      await expect(users.setPasswordHash(id, 'h', clock.now())).rejects.toThrow(NotFoundError);
      await expect(users.findById(id)).resolves.toBeUndefined();
    });
  });
}
