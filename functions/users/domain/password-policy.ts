import { ValidationError } from '../../../lib/errors.ts';

const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough that nobody sends megabytes to the hasher. */
const MAX_PASSWORD_LENGTH = 256;

/**
 * Refuses a password that is blank (only spaces or control characters), too short, too long, or the user's email (or the part before the @),
 * compared case-insensitively. `field` names the input it came from (`password`, `newPassword`).
 * Length counts characters (code points), not UTF-16 units or bytes.
 */
export function assertAcceptablePassword(password: string, email: string, field = 'password'): void {
  const reason = problemWith(password, email);
  if (reason !== undefined) throw new ValidationError([{ field, reason }]);
}

function problemWith(password: string, email: string): string | undefined {
  if (/^[\s\p{C}]*$/u.test(password)) return 'must not be only spaces or control characters';
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must have at most ${MAX_PASSWORD_LENGTH} characters`;
  const lowered = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0] ?? address;
  if (lowered === address || lowered === localPart) return 'must not be your email address or its name part';
  return undefined;
}
