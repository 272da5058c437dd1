import { fakeDeps } from '../testing/in-memory.ts';
import { logIn } from './log-in.ts';
import { registerUser } from './register-user.ts';
import { unthrottleLogin } from './unthrottle-login.ts';

const ADA = { email: 'ada@example.com', password: 'correct horse battery' };
const [HOME, OFFICE, OTHER] = ['198.51.100.7', '198.51.100.8', '198.51.100.9'];

async function throttledFrom(...addresses: string[]) {
  const deps = fakeDeps();
  await registerUser(deps, { ...ADA, name: 'Ada' });
  for (const address of addresses) {
    for (let attempt = 0; attempt < 5; attempt++) await logIn(deps, { ...ADA, password: 'a wrong guess', address }).catch(() => undefined);
  }
  return deps;
}

describe('lifting a login throttle', () => {
  it('with an address, lifts the email\'s throttle from it and the address\'s own, and leaves others', async () => {
    const deps = await throttledFrom(HOME, OFFICE);

    const lifted = await unthrottleLogin(deps, { email: ' ADA@example.com', address: HOME });

    expect(lifted).toBe(2);
    await expect(logIn(deps, { ...ADA, address: HOME })).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(deps.attempts.windows.has(HOME)).toBe(false);
    expect(deps.attempts.windows.get(`ada@example.com from ${OFFICE}`)?.failures).toBe(5);
  });

  it('without an address, lifts the email\'s throttle from every address, not the addresses\' own', async () => {
    const deps = await throttledFrom(HOME, OFFICE);

    const lifted = await unthrottleLogin(deps, { email: 'ada@example.com' });

    expect(lifted).toBe(2);
    await expect(logIn(deps, { ...ADA, address: HOME })).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(logIn(deps, { ...ADA, address: OFFICE })).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(deps.attempts.windows.get(HOME)?.failures).toBe(5);
  });

  it('lifts nothing where nothing was throttled', async () => {
    const deps = await throttledFrom();

    await expect(unthrottleLogin(deps, { email: 'ada@example.com', address: OTHER })).resolves.toBe(0);
  });
});
