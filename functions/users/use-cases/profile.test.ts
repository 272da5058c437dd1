import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { fakeDeps } from '../testing/in-memory.ts';
import { getMe } from './get-me.ts';
import { promoteToAdmin } from './promote-to-admin.ts';
import { registerUser } from './register-user.ts';
import { updateMe } from './update-me.ts';

async function withAda() {
  const deps = fakeDeps();
  const ada = await registerUser(deps, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });
  return { deps, ada };
}

describe('the caller\'s own profile', () => {
  it('is the user without any password hash', async () => {
    const { deps, ada } = await withAda();

    const me = await getMe(deps, ada.id);

    expect(me).toEqual(ada);
    expect(Object.keys(me)).not.toContain('passwordHash');
  });

  it('is not found for an id with no user', async () => {
    const { deps } = await withAda();

    await expect(getMe(deps, 'no-such-user')).rejects.toThrow(NotFoundError);
  });

  it('takes a new name, trimmed, and stores it', async () => {
    const { deps, ada } = await withAda();
    deps.clock.advanceSeconds(60);

    const renamed = await updateMe(deps, { userId: ada.id, sessionId: 'any', address: '198.51.100.7', name: '  Countess of Lovelace ' });

    expect(renamed).toEqual({ ...ada, name: 'Countess of Lovelace', updatedAt: '2026-01-01T00:01:00.000Z' });
    expect(await getMe(deps, ada.id)).toEqual(renamed);
  });

  it('refuses a blank name', async () => {
    const { deps, ada } = await withAda();

    await expect(updateMe(deps, { userId: ada.id, sessionId: 'any', address: '198.51.100.7', name: '   ' })).rejects.toThrow(ValidationError);
  });

  it('changes nothing, the name included, when the current password is wrong', async () => {
    const { deps, ada } = await withAda();

    await expect(
      updateMe(deps, { userId: ada.id, sessionId: 'any', address: '198.51.100.7', name: 'Mallory', currentPassword: 'not it at all', newPassword: 'a brand new passphrase' }),
    ).rejects.toThrow(ValidationError);

    expect((await getMe(deps, ada.id)).name).toBe(ada.name);
  });
});

describe('promoting to admin', () => {
  it('makes the user with that email an admin, found whatever the case', async () => {
    const { deps, ada } = await withAda();

    const admin = await promoteToAdmin(deps, 'ADA@example.com');

    expect(admin.role).toBe('admin');
    expect((await getMe(deps, ada.id)).role).toBe('admin');
  });

  it('leaves an admin as it is', async () => {
    const { deps, ada } = await withAda();
    const first = await promoteToAdmin(deps, ada.email);
    deps.clock.advanceSeconds(60);

    const second = await promoteToAdmin(deps, ada.email);

    expect(second).toEqual(first);
  });

  it('is not found for an email with no user', async () => {
    const { deps } = await withAda();

    await expect(promoteToAdmin(deps, 'nobody@example.com')).rejects.toThrow(NotFoundError);
  });
});
