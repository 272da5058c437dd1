/**
 * In-memory fakes of the users service's ports, for use-case tests: each keeps the promise its port
 * makes (atomic claims, conditional rotation) in the simplest way, and lets a test look inside.
 */
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { withFailure, type FailureWindow, type ThrottleKey, type ThrottlePolicy } from '../domain/login-throttle.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import type { RefreshTokenRecord, Session } from '../domain/session.ts';
import type { AccessTokenClaims, Jwks } from '../domain/tokens.ts';
import type { Account, Role, User } from '../domain/user.ts';
import type {
  AccessTokenIssuer,
  IdGenerator,
  LoginAttempts,
  PasswordHasher,
  RotateOutcome,
  SecretGenerator,
  SessionStore,
  UserRepository,
} from '../ports.ts';

class InMemoryUserRepository implements UserRepository {
  readonly accounts = new Map<string, Account>();

  async add(account: Account): Promise<void> {
    // Checked and stored with no await between, so that of concurrent registrations one wins, as in the table.
    if (this.#withEmail(account.user.email) !== undefined) throw new ConflictError('The email is taken.');
    this.accounts.set(account.user.id, account);
  }

  async findById(id: string): Promise<Account | undefined> {
    return this.accounts.get(id);
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return this.#withEmail(email);
  }

  async rename(userId: string, name: string, now: Date): Promise<User> {
    return this.#change(userId, (account) => ({ ...account, user: { ...account.user, name, updatedAt: now.toISOString() } })).user;
  }

  async setRole(userId: string, role: Role, now: Date): Promise<void> {
    this.#change(userId, (account) => ({ ...account, user: { ...account.user, role, updatedAt: now.toISOString() } }));
  }

  async setPasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
    this.#change(userId, (account) => ({ passwordHash, user: { ...account.user, updatedAt: now.toISOString() } }));
  }

  #withEmail(email: string): Account | undefined {
    return [...this.accounts.values()].find((account) => account.user.email === email);
  }

  #change(userId: string, change: (account: Account) => Account): Account {
    const account = this.accounts.get(userId);
    if (account === undefined) throw new NotFoundError('There is no such user.');
    const changed = change(account);
    this.accounts.set(userId, changed);
    return changed;
  }
}

/** "Hashes" a password as `fake$<password>`; a hash starting `old$` is one to upgrade. Records every check. */
class FakePasswordHasher implements PasswordHasher {
  /** Each verification: the hash it compared against, or 'dummy' when there was none. */
  readonly checkedAgainst: string[] = [];

  async hash(password: string): Promise<string> {
    return `fake$${password}`;
  }

  async verify(password: string, passwordHash: string | undefined): Promise<boolean> {
    this.checkedAgainst.push(passwordHash ?? 'dummy');
    return passwordHash !== undefined && passwordHash.replace(/^(fake|old)\$/, '') === password;
  }

  needsRehash(passwordHash: string): boolean {
    return passwordHash.startsWith('old$');
  }
}

class InMemoryLoginAttempts implements LoginAttempts {
  /** Windows by key: `<email> from <address>`, or the address alone. */
  readonly windows = new Map<string, FailureWindow>();

  async failuresOf(key: ThrottleKey): Promise<FailureWindow | undefined> {
    return this.windows.get(keyOf(key));
  }

  async countFailure(key: ThrottleKey, now: Date, policy: ThrottlePolicy): Promise<void> {
    this.windows.set(keyOf(key), withFailure(this.windows.get(keyOf(key)), policy, now));
  }

  async forget(key: ThrottleKey): Promise<boolean> {
    return this.windows.delete(keyOf(key));
  }

  async forgetEmail(email: string): Promise<number> {
    const keys = [...this.windows.keys()].filter((key) => key.startsWith(`${email} from `));
    for (const key of keys) this.windows.delete(key);
    return keys.length;
  }
}

const keyOf = ({ email, address }: ThrottleKey): string => (email === undefined ? address : `${email} from ${address}`);

class InMemorySessionStore implements SessionStore {
  readonly sessions = new Map<string, Session & { revokedAt?: Date }>();
  readonly tokens = new Map<string, RefreshTokenRecord>();

  async start(session: Session, first: RefreshTokenRecord): Promise<void> {
    this.sessions.set(session.id, session);
    this.tokens.set(first.hash, first);
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return this.tokens.get(hash);
  }

  async rotate(usedHash: string, next: RefreshTokenRecord, now: Date): Promise<RotateOutcome> {
    const used = this.tokens.get(usedHash);
    const session = this.sessions.get(next.sessionId);
    if (used?.usedAt !== undefined) return 'ALREADY_USED';
    if (used === undefined || used.expiresAt <= now || session === undefined || session.revokedAt !== undefined || session.expiresAt <= now) {
      return 'ENDED';
    }
    this.tokens.set(usedHash, { ...used, usedAt: now });
    this.tokens.set(next.hash, next);
    return 'ROTATED';
  }

  async revoke(userId: string, sessionId: string, now: Date): Promise<void> {
    // Sessions are found under their user, as in the table: another user's session id finds nothing.
    const session = this.sessions.get(sessionId);
    if (session?.userId === userId && session.revokedAt === undefined) this.sessions.set(sessionId, { ...session, revokedAt: now });
  }

  async revokeOthers(userId: string, keepSessionId: string, now: Date): Promise<void> {
    for (const session of this.sessions.values()) {
      if (session.userId === userId && session.id !== keepSessionId) await this.revoke(userId, session.id, now);
    }
  }

  isRevoked(sessionId: string): boolean {
    return this.sessions.get(sessionId)?.revokedAt !== undefined;
  }
}

/** Tokens in plain sight: `access|<userId>|<role>|<sessionId>|<expiry ms>`. */
class FakeAccessTokens implements AccessTokenIssuer {
  async issue({ userId, role, sessionId }: AccessTokenClaims, { expiresAt }: { issuedAt: Date; expiresAt: Date }): Promise<string> {
    return ['access', userId, role, sessionId, expiresAt.getTime()].join('|');
  }

  async publicKeys(): Promise<Jwks> {
    return { keys: [{ kty: 'EC', kid: 'fake' }] };
  }
}

class SequentialIds implements IdGenerator, SecretGenerator {
  #count = 0;
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  next(): string {
    this.#count += 1;
    return `${this.#prefix}-${this.#count}`;
  }
}

/** Every port faked, as one bag that fits the deps of any users use case. */
export function fakeDeps() {
  return {
    users: new InMemoryUserRepository(),
    passwords: new FakePasswordHasher(),
    attempts: new InMemoryLoginAttempts(),
    sessions: new InMemorySessionStore(),
    tokens: new FakeAccessTokens(),
    clock: new ManualClock('2026-01-01T00:00:00.000Z'),
    ids: new SequentialIds('id'),
    secrets: new SequentialIds('refresh'),
  };
}
