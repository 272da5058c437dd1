import { ValidationError } from '../../../lib/errors.ts';
import { emailAddress, newUser, normaliseEmail, promoteUser, userName } from './user.ts';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const LATER = new Date('2026-01-02T00:00:00.000Z');

describe('a user', () => {
  it('is a customer with a trimmed, lower-case email and a trimmed name', () => {
    const user = newUser({ email: '  Ada@Example.COM ', name: '  Ada  ' }, 'u-1', NOW);

    expect(user).toEqual({
      id: 'u-1',
      email: 'ada@example.com',
      name: 'Ada',
      role: 'customer',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
  });

  it('refuses an email without exactly one @ and a blank name, naming both', () => {
    const attempt = () => newUser({ email: 'ada.example.com', name: '   ' }, 'u-1', NOW);

    expect(attempt).toThrow(ValidationError);
    expect(() => attempt()).toThrow(/email: .*; name: /);
  });

  it('spells an email one way: NFKC, trimmed, lower-case, so a full-width address is its ASCII twin', () => {
    expect(normaliseEmail(' ＡＤＡ@ｅｘａｍｐｌｅ.ｃｏｍ ')).toBe('ada@example.com');
    expect(emailAddress('Ada@Example.com')).toBe('ada@example.com');
  });

  it.each([
    ['a leading zero-width space', '\u200bada@example.com'],
    ['a trailing NUL', 'ada@example.com\u0000'],
    ['a right-to-left mark', 'ada\u200f@example.com'],
    ['a dotless domain', 'a@b'],
    ['markup', '<img src=x>@example.com'],
    ['two @', 'ada@lovelace@example.com'],
    ['255 characters', `${'a'.repeat(243)}@example.com`],
  ])('refuses an email with %s, naming email', (_what, email) => {
    expect(() => emailAddress(email)).toThrow(/^email: must be an email address/);
    expect(() => newUser({ email, name: 'Ada' }, 'u-1', NOW)).toThrow(/^email: must be an email address/);
  });

  it('takes a new name trimmed, and refuses one that is blank or too long', () => {
    expect(userName(' Countess ')).toBe('Countess');
    expect(() => userName('   ')).toThrow(/name: must have 1 to 100 characters/);
    expect(() => userName('x'.repeat(101))).toThrow(/name: must have 1 to 100 characters/);
  });

  it('becomes an admin once; promoting an admin changes nothing', () => {
    const admin = promoteUser(newUser({ email: 'ada@example.com', name: 'Ada' }, 'u-1', NOW), LATER);

    expect(admin.role).toBe('admin');
    expect(promoteUser(admin, new Date('2027-01-01'))).toBe(admin);
  });
});
