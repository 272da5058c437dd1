import { ValidationError } from '../../../lib/errors.ts';
import { assertAcceptablePassword } from './password-policy.ts';

const EMAIL = 'Ada.Lovelace@example.com';

function refusal(password: string, field?: string): ValidationError | undefined {
  try {
    assertAcceptablePassword(password, EMAIL, field);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

describe('the password policy', () => {
  it.each([
    ['ten characters exactly', 'abcdefghij'],
    ['256 characters', 'x'.repeat(256)],
    ['a passphrase with spaces and accents', 'crème brûlée à la carte'],
    ['one letter among spaces', '         x'],
    ['the email with something added', 'ada.lovelace@example.com!'],
  ])('accepts %s', (_, password) => {
    expect(refusal(password)).toBeUndefined();
  });

  it.each([
    ['nine characters', 'abcdefghi', 'must have at least 10 characters'],
    ['257 characters', 'x'.repeat(257), 'must have at most 256 characters'],
    ['the email in another case', 'ADA.LOVELACE@EXAMPLE.COM', 'must not be your email address or its name part'],
    ['the part before the @', 'ada.lovelace', 'must not be your email address or its name part'],
    ['ten spaces', ' '.repeat(10), 'must not be only spaces or control characters'],
    ['ten NULs', '\u0000'.repeat(10), 'must not be only spaces or control characters'],
    ['tabs, line breaks, no-break and zero-width spaces', '\t\r\n\u00a0\u200b\u3000\t\r\n\u00a0', 'must not be only spaces or control characters'],
  ])('refuses %s, naming the field and why', (_, password, reason) => {
    expect(refusal(password)?.fieldErrors).toEqual([{ field: 'password', reason }]);
  });

  it('counts characters, not UTF-16 units, so five emoji are too short', () => {
    expect(refusal('😀😀😀😀😀')?.fieldErrors[0]?.reason).toBe('must have at least 10 characters');
  });

  it('names the field it is told to', () => {
    expect(refusal('short', 'newPassword')?.fieldErrors[0]?.field).toBe('newPassword');
  });
});
