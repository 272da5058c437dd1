import { ValidationError, type FieldError } from '../../../lib/errors.ts';
import type { Role } from '../../../lib/roles.ts';
import * as z from '../../../lib/zod.ts';

export type { Role };

export type User = Readonly<{
  id: string;
  /** Normalised (normaliseEmail) and checked (emailProblem), so one real address is one account. */
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}>;

/** A user with the password hash that proves who they are. Use cases never return it. */
export type Account = Readonly<{ user: User; passwordHash: string }>;

const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 100;

/**
 * The one spelling of an email address the shop keys on: NFKC (so full-width `ｆｏｏ` is `foo`), trimmed,
 * lower-case. What is left of invisible or control characters, emailProblem refuses.
 */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

// zod's own address shape: ASCII letters, digits and . _ ' + - before the @, a dotted domain after it.
// It refuses control and format characters (a zero-width space, a NUL), markup and dotless domains.
const EMAIL_SHAPE = /* @__PURE__ */ z.email();

/** What is wrong with a normalised email as an account's address, if anything. */
function emailProblem(email: string): FieldError | undefined {
  if (email.length <= MAX_EMAIL_LENGTH && EMAIL_SHAPE.safeParse(email).success) return undefined;
  return { field: 'email', reason: `must be an email address (name@example.com) of at most ${MAX_EMAIL_LENGTH} characters` };
}

/** The normalised email, or ValidationError naming `email` when it is no address an account can have. */
export function emailAddress(email: string): string {
  const normalised = normaliseEmail(email);
  const broken = emailProblem(normalised);
  if (broken !== undefined) throw new ValidationError([broken]);
  return normalised;
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
  const broken = [emailProblem(user.email), nameProblem(user.name)].filter((error) => error !== undefined);
  if (broken.length > 0) throw new ValidationError(broken);
  return user;
}

const nameProblem = (name: string): FieldError | undefined =>
  name.length === 0 || name.length > MAX_NAME_LENGTH
    ? { field: 'name', reason: `must have 1 to ${MAX_NAME_LENGTH} characters besides surrounding spaces` }
    : undefined;
