import type { FailureWindow, ThrottleKey, ThrottlePolicy } from './domain/login-throttle.ts';
import type { RefreshTokenRecord, Session } from './domain/session.ts';
import type { AccessTokenClaims, Jwks } from './domain/tokens.ts';
import type { Account, Role, User } from './domain/user.ts';

export interface UserRepository {
  /** Stores a new account; ConflictError when its email is taken (the write itself checks, atomically). */
  add(account: Account): Promise<void>;
  findById(id: string): Promise<Account | undefined>;
  /** By normalised email: the email's claim names the user, whose item holds the rest. */
  findByEmail(email: string): Promise<Account | undefined>;
  // Each setter writes its one attribute (and updatedAt), so concurrent changes of different ones do not undo
  // each other; each is a NotFoundError when there is no such user. The email never changes.
  /** Answers the user as renamed. */
  rename(userId: string, name: string, now: Date): Promise<User>;
  setRole(userId: string, role: Role, now: Date): Promise<void>;
  setPasswordHash(userId: string, passwordHash: string, now: Date): Promise<void>;
}

export interface PasswordHasher {
  /** A new salted hash that carries its own parameters. */
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `passwordHash`, compared in constant time. With no hash (no such user)
   * it does the same work against a dummy hash and answers false, so both cases take as long.
   */
  verify(password: string, passwordHash: string | undefined): Promise<boolean>;
  /** Whether the hash was made with other parameters than new hashes get (so a login should re-hash). */
  needsRehash(passwordHash: string): boolean;
}

/**
 * Failed logins, counted per throttle key (domain/login-throttle.ts). Counting is atomic; reads see
 * every count that finished before them.
 */
export interface LoginAttempts {
  /** The key's window as stored, over or not; undefined when none is. */
  failuresOf(key: ThrottleKey): Promise<FailureWindow | undefined>;
  /** Counts one failure in the key's window; a window whose time is over starts afresh, deleted yet or not. */
  countFailure(key: ThrottleKey, now: Date, policy: ThrottlePolicy): Promise<void>;
  /** Forgets the key's failures; whether there were any. */
  forget(key: ThrottleKey): Promise<boolean>;
  /** Forgets the failures of the email from every address (not those of the addresses alone); how many windows went. */
  forgetEmail(email: string): Promise<number>;
}

/**
 * ROTATED: the old token is marked used and the new one stored. ALREADY_USED: somebody used the old
 * token first. ENDED: it expired, or its session was revoked or is gone. Nothing changes unless ROTATED.
 */
export type RotateOutcome = 'ROTATED' | 'ALREADY_USED' | 'ENDED';

/** Sessions (one per login) and the refresh tokens of each, stored as hashes. */
export interface SessionStore {
  /** Records a new session and its first refresh token; either stored alone is inert (rotate ends at the session). */
  start(session: Session, first: RefreshTokenRecord): Promise<void>;
  /** The refresh token with this hash, used or not, expired or not; undefined when unknown. */
  findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks the token `usedHash` used and stores `next` in its session, in one conditional write. */
  rotate(usedHash: string, next: RefreshTokenRecord, now: Date): Promise<RotateOutcome>;
  /** Ends a session: none of its refresh tokens works again. Ending an ended session changes nothing. */
  revoke(userId: string, sessionId: string, now: Date): Promise<void>;
  /** Ends every session of the user except `keepSessionId`. */
  revokeOthers(userId: string, keepSessionId: string, now: Date): Promise<void>;
}

/** Signs self-contained access tokens (JWTs), and publishes the public keys the gateway checks them with. */
export interface AccessTokenIssuer {
  issue(claims: AccessTokenClaims, validity: { issuedAt: Date; expiresAt: Date }): Promise<string>;
  /** The public keys that verify tokens, for /.well-known/jwks.json. */
  publicKeys(): Promise<Jwks>;
}

/** A P-256 private key as a JSON Web Key, named by `kid`. */
export type PrivateJwk = Readonly<{ kty: 'EC'; crv: 'P-256'; kid: string; x: string; y: string; d: string }>;

/** Where signing keys come from. */
export interface KeyRing {
  /** The keys in use, never none: the first signs new tokens, every one verifies (so keys can rotate). */
  privateKeys(): Promise<readonly PrivateJwk[]>;
}

export type { Clock } from '../../lib/clock.ts';
export type { IdGenerator } from '../../lib/ids.ts';

/** Unguessable values (refresh tokens): at least 256 random bits, URL-safe. */
export interface SecretGenerator {
  next(): string;
}
