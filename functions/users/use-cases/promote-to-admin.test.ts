import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { newUser } from '../domain/user.ts';
import { fakeDeps } from '../testing/in-memory.ts';
import { promoteToAdmin } from './promote-to-admin.ts';

describe('promoting to admin', () => {
  it('finds the account by the normalised email, a full-width spelling included', async () => {
    const deps = fakeDeps();
    deps.users.accounts.set('u-1', { user: newUser({ email: 'foo@example.com', name: 'Foo' }, 'u-1', deps.clock.now()), passwordHash: 'h' });

    const promoted = await promoteToAdmin(deps, ' ＦＯＯ@example.com');

    expect(promoted).toMatchObject({ id: 'u-1', role: 'admin' });
    expect(deps.users.accounts.get('u-1')?.user.role).toBe('admin');
  });

  it('never reaches an account through a look-alike, nor a look-alike account through the real address', async () => {
    const deps = fakeDeps();
    // An account stored before emails were checked, whose address hides a zero-width space.
    const lookAlike = { ...newUser({ email: 'foo@example.com', name: 'Eve' }, 'u-2', deps.clock.now()), email: '\u200bfoo@example.com' };
    deps.users.accounts.set('u-2', { user: lookAlike, passwordHash: 'h' });

    await expect(promoteToAdmin(deps, '\u200bfoo@example.com')).rejects.toThrow(ValidationError);
    await expect(promoteToAdmin(deps, 'foo@example.com')).rejects.toThrow(NotFoundError);
    expect(deps.users.accounts.get('u-2')?.user.role).toBe('customer');
  });
});
