import { ConflictError, ValidationError } from '../../../lib/errors.ts';
import { fakeDeps } from '../testing/in-memory.ts';
import { registerUser } from './register-user.ts';

describe('registering', () => {
  it('makes a customer with the email normalised and keeps only a hash of the password', async () => {
    const deps = fakeDeps();

    const user = await registerUser(deps, { email: ' Ada@Example.com ', password: 'correct horse battery', name: 'Ada' });

    expect(user).toEqual({
      id: 'id-1',
      email: 'ada@example.com',
      name: 'Ada',
      role: 'customer',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(deps.users.accounts.get('id-1')?.passwordHash).toBe('fake$correct horse battery');
  });

  it('returns nothing of the password or its hash', async () => {
    const deps = fakeDeps();

    const user = await registerUser(deps, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });

    expect(JSON.stringify(user)).not.toMatch(/correct horse|fake\$|password/i);
  });

  it('refuses an email that is taken in another case', async () => {
    const deps = fakeDeps();
    await registerUser(deps, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });

    const second = registerUser(deps, { email: 'ADA@example.COM', password: 'another good password', name: 'Eve' });

    await expect(second).rejects.toThrow(ConflictError);
    expect(deps.users.accounts.size).toBe(1);
  });

  it('refuses a full-width spelling of a taken email as the same email', async () => {
    const deps = fakeDeps();
    await registerUser(deps, { email: 'foo@example.com', password: 'correct horse battery', name: 'Foo' });

    const twin = registerUser(deps, { email: 'ｆｏｏ@example.com', password: 'another good password', name: 'Twin' });

    await expect(twin).rejects.toThrow(ConflictError);
    expect(deps.users.accounts.size).toBe(1);
  });

  it('refuses an email with an invisible character, naming email, and stores nothing', async () => {
    const deps = fakeDeps();

    const attempt = registerUser(deps, { email: '\u200bfoo@example.com', password: 'correct horse battery', name: 'Foo' });

    await expect(attempt).rejects.toMatchObject({ fieldErrors: [{ field: 'email' }] });
    expect(deps.users.accounts.size).toBe(0);
  });

  it('refuses a password the policy forbids, names the field, and stores nothing', async () => {
    const deps = fakeDeps();

    const attempt = registerUser(deps, { email: 'ada.lovelace@example.com', password: 'Ada.Lovelace', name: 'Ada' });

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: [{ field: 'password' }] });
    expect(deps.users.accounts.size).toBe(0);
  });
});
