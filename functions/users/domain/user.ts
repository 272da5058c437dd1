import { ValidationError, type FieldError } from '../../../lib/errors.ts';

export type Role = 'customer' | 'admin';

export type User = Readonly<{
  id: string;
  /** Normalised: trimmed and lower-case, so it is unique whatever case the user types. */
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}>;

/** A user with the password hash that proves who they are. Use cases never return it. */
export type Account = Readonly<{ user: User; passwordHash: string }>;

/** What proves who logs in with an email: whose account it is and the hash of their password. */
export type StoredCredential = Readonly<{ userId: User['id']; passwordHash: string }>;

const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 100;

/** The one spelling of an email address the shop keys on. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A new customer; nobody registers as an admin. */
export function newUser(draft: { email: string; name: string }, id: string, now: Date): User {
  const at = now.toISOString();
  return guarded({ id, email: normaliseEmail(draft.email), name: draft.name.trim(), role: 'customer', createdAt: at, updatedAt: at });
}

/** A new name, as a user's name is kept: trimmed, of 1 to 100 characters (ValidationError otherwise). */
export function userName(name: string): string {
  const trimmed = name.trim();
  const broken = nameProblem(trimmed);
  if (broken !== undefined) throw new ValidationError([broken]);
  return trimmed;
}

/** The user as an admin; an admin already is one, unchanged. */
export function promoteUser(user: User, now: Date): User {
  return user.role === 'admin' ? user : { ...user, role: 'admin', updatedAt: now.toISOString() };
}

function guarded(user: User): User {
  const [local, domain, ...rest] = user.email.split('@');
  const broken = [
    !local || !domain || rest.length > 0 || user.email.length > MAX_EMAIL_LENGTH
      ? { field: 'email', reason: `must be an email address of at most ${MAX_EMAIL_LENGTH} characters` }
      : undefined,
    nameProblem(user.name),
  ].filter((error) => error !== undefined);
  if (broken.length > 0) throw new ValidationError(broken);
  return user;
}

const nameProblem = (name: string): FieldError | undefined =>
  name.length === 0 || name.length > MAX_NAME_LENGTH
    ? { field: 'name', reason: `must have 1 to ${MAX_NAME_LENGTH} characters besides surrounding spaces` }
    : undefined;
