import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { untilDecided } from '../../../test/support/races.ts';
import { hashRefreshToken, newSession, refreshTokenRecord, type RefreshTokenRecord, type Session } from '../domain/session.ts';
import type { SessionStore } from '../ports.ts';

/** How long a refresh token is good for (domain/session.ts), in seconds. */
const FORTNIGHT = 14 * 24 * 3600;

/**
 * What every SessionStore promises (ports.ts), run against the in-memory fake and the DynamoDB
 * adapter alike. Times are whole seconds, as the table stores expiry (epoch seconds). `subject` may
 * share its store with other tests: each test works with its own users, sessions and tokens.
 */
export function describeSessionStoreContract(name: string, subject: () => SessionStore): void {
  describe(`${name} keeps the SessionStore contract`, () => {
    let sessions: SessionStore;
    let clock: ManualClock;
    beforeAll(() => {
      sessions = subject();
    });
    beforeEach(() => {
      clock = new ManualClock('2026-11-22T12:00:00.000Z');
    });

    /** A started session of the user, and the token it started with. */
    async function aSession(userId = randomUUID()): Promise<{ session: Session; token: string; first: RefreshTokenRecord }> {
      const session = newSession(userId, randomUUID(), clock.now());
      const token = randomUUID();
      const first = refreshTokenRecord(token, session, clock.now());
      await sessions.start(session, first);
      return { session, token, first };
    }

    const successor = (session: Session) => refreshTokenRecord(randomUUID(), session, clock.now());
    const rotate = (used: { hash: string }, session: Session) => sessions.rotate(used.hash, successor(session), clock.now());

    it('keeps the first refresh token under its hash and gives it back as recorded, and nothing for an unknown hash', async () => {
      const { first } = await aSession();

      await expect(sessions.findRefreshToken(first.hash)).resolves.toEqual(first);
      await expect(sessions.findRefreshToken(hashRefreshToken('never issued'))).resolves.toBeUndefined();
    });

    it('rotates a token once: ROTATED marks it used and stores the next; a second rotation is ALREADY_USED and stores nothing', async () => {
      const { session, first } = await aSession();
      clock.advanceSeconds(60);
      const next = successor(session);
      const usedAt = clock.now();
      clock.advanceSeconds(1);
      const another = successor(session);

      const outcomes = [await sessions.rotate(first.hash, next, usedAt), await sessions.rotate(first.hash, another, clock.now())];

      expect(outcomes).toEqual(['ROTATED', 'ALREADY_USED']);
      await expect(sessions.findRefreshToken(first.hash)).resolves.toEqual({ ...first, usedAt });
      await expect(sessions.findRefreshToken(next.hash)).resolves.toEqual(next);
      await expect(sessions.findRefreshToken(another.hash)).resolves.toBeUndefined();
    });

    it('rotates the new token in its turn', async () => {
      const { session, first } = await aSession();
      clock.advanceSeconds(60);
      const next = successor(session);
      await sessions.rotate(first.hash, next, clock.now());
      clock.advanceSeconds(60);

      await expect(rotate(next, session)).resolves.toBe('ROTATED');
    });

    it('rotates a token until the second its time is over, and then says ENDED and changes nothing', async () => {
      const [early, late] = [await aSession(), await aSession()];
      clock.advanceSeconds(FORTNIGHT - 1);
      const lastChance = await rotate(early.first, early.session);
      clock.advanceSeconds(1);
      const next = successor(late.session);

      const tooLate = await sessions.rotate(late.first.hash, next, clock.now());

      expect([lastChance, tooLate]).toEqual(['ROTATED', 'ENDED']);
      await expect(sessions.findRefreshToken(late.first.hash)).resolves.toEqual(late.first);
      await expect(sessions.findRefreshToken(next.hash)).resolves.toBeUndefined();
    });

    it('says ENDED to a token of a revoked session, and changes nothing', async () => {
      const { session, first } = await aSession();
      clock.advanceSeconds(1);
      await sessions.revoke(session.userId, session.id, clock.now());
      clock.advanceSeconds(1);
      const next = successor(session);

      await expect(sessions.rotate(first.hash, next, clock.now())).resolves.toBe('ENDED');
      await expect(sessions.findRefreshToken(first.hash)).resolves.toEqual(first);
      await expect(sessions.findRefreshToken(next.hash)).resolves.toBeUndefined();
    });

    it('says ENDED to a token that was never stored, and stores nothing', async () => {
      const { session } = await aSession();
      const next = successor(session);

      await expect(sessions.rotate(hashRefreshToken('never issued'), next, clock.now())).resolves.toBe('ENDED');
      await expect(sessions.findRefreshToken(next.hash)).resolves.toBeUndefined();
    });

    it('still says ALREADY_USED to a used token once its session is revoked (as a theft revokes it)', async () => {
      const { session, first } = await aSession();
      clock.advanceSeconds(1);
      await rotate(first, session);
      await sessions.revoke(session.userId, session.id, clock.now());
      clock.advanceSeconds(1);

      await expect(rotate(first, session)).resolves.toBe('ALREADY_USED');
    });

    it('lets exactly one of several concurrent rotations of one token through, and stores only its successor', async () => {
      const { session, first } = await aSession();
      clock.advanceSeconds(5);
      const nexts = Array.from({ length: 5 }, () => successor(session));

      const outcomes = await Promise.all(nexts.map((next) => untilDecided(() => sessions.rotate(first.hash, next, clock.now()))));

      expect([...outcomes].sort()).toEqual(['ALREADY_USED', 'ALREADY_USED', 'ALREADY_USED', 'ALREADY_USED', 'ROTATED']);
      const stored = await Promise.all(nexts.map((next) => sessions.findRefreshToken(next.hash)));
      expect(stored.map((record) => record !== undefined)).toEqual(outcomes.map((outcome) => outcome === 'ROTATED'));
    });

    it('changes nothing when a session is revoked again, nor when another user names it, nor for an unknown one', async () => {
      const [twice, strangers] = [await aSession(), await aSession()];
      const ghost = newSession(randomUUID(), randomUUID(), clock.now());
      clock.advanceSeconds(1);

      await sessions.revoke(twice.session.userId, twice.session.id, clock.now());
      await sessions.revoke(twice.session.userId, twice.session.id, clock.now());
      await sessions.revoke(randomUUID(), strangers.session.id, clock.now());
      await sessions.revoke(ghost.userId, ghost.id, clock.now());
      const token = randomUUID();
      await sessions.start(ghost, refreshTokenRecord(token, ghost, clock.now()));
      clock.advanceSeconds(1);

      await expect(rotate(twice.first, twice.session)).resolves.toBe('ENDED');
      await expect(rotate(strangers.first, strangers.session)).resolves.toBe('ROTATED');
      await expect(rotate({ hash: hashRefreshToken(token) }, ghost)).resolves.toBe('ROTATED');
    });

    it("ends every session of the user but the one to keep, and no other user's", async () => {
      const userId = randomUUID();
      const [kept, other, another] = [await aSession(userId), await aSession(userId), await aSession(userId)];
      const stranger = await aSession();
      clock.advanceSeconds(10);

      await sessions.revokeOthers(userId, kept.session.id, clock.now());
      clock.advanceSeconds(1);

      await expect(rotate(other.first, other.session)).resolves.toBe('ENDED');
      await expect(rotate(another.first, another.session)).resolves.toBe('ENDED');
      await expect(rotate(kept.first, kept.session)).resolves.toBe('ROTATED');
      await expect(rotate(stranger.first, stranger.session)).resolves.toBe('ROTATED');
    });
  });
}
