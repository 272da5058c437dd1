import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { emailKey, loginAttemptsKey } from '../../functions/users/adapters/users-table.ts';
import { api } from '../support/api.ts';
import { aPassword, bearer, logIn, signUp } from '../support/auth.ts';
import { documents, resourceName } from '../support/aws.ts';

type Tokens = { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
const table = resourceName('users');
const freshEmail = () => `user-${randomUUID()}@example.com`;

describe('registering', () => {
  it('makes a customer whatever the body says, and never shows the password', async () => {
    const email = freshEmail();

    const response = await api<Record<string, unknown>>('POST', '/auth/register', {
      body: { email, password: aPassword, name: 'Eve', role: 'admin' },
    });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email, name: 'Eve', role: 'customer' });
    expect(response.text).not.toContain(aPassword);
    expect(response.text).not.toMatch(/scrypt|passwordHash/);
  });

  it('refuses an email already taken, whatever its case, with 409', async () => {
    const email = freshEmail();
    await api('POST', '/auth/register', { body: { email, password: aPassword, name: 'First' } });

    const again = await api('POST', '/auth/register', { body: { email: email.toUpperCase(), password: aPassword, name: 'Second' } });

    expect(again.status).toBe(409);
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['the email as password', {}, 'password'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['an unknown field', { nickname: 'x' }, 'nickname'],
    ['a wrong type', { name: 42 }, 'name'],
    ['a missing name', { name: undefined }, 'name'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_what, overrides: Record<string, unknown>, field) => {
    const email = freshEmail();
    const body = { email, password: email, name: 'Bad', ...overrides };

    const response = await api<{ errors: Array<{ field: string }> }>('POST', '/auth/register', { body });
    const claimed = await documents.send(new GetCommand({ TableName: table, Key: emailKey(email) }));

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toContain(field);
    expect(claimed.Item).toBeUndefined();
  });
});

describe('logging in', () => {
  it('answers a token pair that is never cached', async () => {
    const account = await signUp();

    const response = await api<Tokens>('POST', '/auth/login', { body: { email: account.email.toUpperCase(), password: aPassword } });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(response.body.accessToken.split('.')).toHaveLength(3);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const account = await signUp();

    const unknown = await api('POST', '/auth/login', { body: { email: freshEmail(), password: aPassword } });
    const wrong = await api('POST', '/auth/login', { body: { email: account.email, password: 'not the password' } });

    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('throttles an email after 5 failures with 429 and Retry-After, and lets it in once the window has passed', async () => {
    const account = await signUp();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await api('POST', '/auth/login', { body: { email: account.email, password: 'wrong guess' } })).status).toBe(401);
    }

    const throttled = await api('POST', '/auth/login', { body: { email: account.email, password: aPassword } });
    // Fifteen minutes pass (the window is kept in the table, so the test moves its start back).
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: loginAttemptsKey(account.email),
        UpdateExpression: 'SET windowStartedAt = :then',
        ExpressionAttributeValues: { ':then': Date.now() - 16 * 60 * 1000 },
      }),
    );
    const afterTheWindow = await api('POST', '/auth/login', { body: { email: account.email, password: aPassword } });

    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect(afterTheWindow.status).toBe(200);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const response = await api<{ errors: Array<{ field: string }> }>('POST', '/auth/login', { body: { email: 'a@b.c' } });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(['password']);
  });
});

describe('sessions', () => {
  it('rotates the refresh token, and a reused one revokes the whole family', async () => {
    const account = await signUp();

    const rotated = await api<Tokens>('POST', '/auth/refresh', { body: { refreshToken: account.refreshToken } });
    const reused = await api('POST', '/auth/refresh', { body: { refreshToken: account.refreshToken } });
    const newest = await api('POST', '/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });

    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(account.refreshToken);
    expect(reused.status).toBe(401);
    expect(newest.status).toBe(401);
  });

  it('stores refresh tokens only as hashes', async () => {
    const account = await signUp();

    const { Items = [] } = await documents.send(
      new ScanCommand({ TableName: table, FilterExpression: 'userId = :id', ExpressionAttributeValues: { ':id': account.id } }),
    );

    expect(Items.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain(account.refreshToken);
  });

  it('logs out: the session\'s refresh token stops working, other sessions go on', async () => {
    const account = await signUp();
    const other = await logIn(account.email);

    const out = await api('POST', '/auth/logout', { headers: bearer(account.accessToken) });
    const refreshed = await api('POST', '/auth/refresh', { body: { refreshToken: account.refreshToken } });
    const otherRefreshed = await api('POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } });

    expect(out.status).toBe(204);
    expect(refreshed.status).toBe(401);
    expect(otherRefreshed.status).toBe(200);
  });

  it('refuses a refresh token it never issued', async () => {
    expect((await api('POST', '/auth/refresh', { body: { refreshToken: 'made-up' } })).status).toBe(401);
  });
});

describe('the caller\'s own account', () => {
  it('changes the name of the caller only', async () => {
    const ada = await signUp('Ada');
    const grace = await signUp('Grace');

    const renamed = await api<{ name: string }>('PATCH', '/users/me', { headers: bearer(ada.accessToken), body: { name: 'Countess' } });
    const graceSees = await api<{ id: string; name: string }>('GET', '/users/me', { headers: bearer(grace.accessToken) });

    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Countess');
    expect(graceSees.body).toMatchObject({ id: grace.id, name: 'Grace' });
  });

  it('offers no way to reach another user by id', async () => {
    const ada = await signUp('Ada');
    const grace = await signUp('Grace');

    const byId = await api('GET', `/users/${grace.id}`, { headers: bearer(ada.accessToken) });
    const patchById = await api('PATCH', `/users/${grace.id}`, { headers: bearer(ada.accessToken), body: { name: 'Mallory' } });
    const graceSees = await api<{ name: string }>('GET', '/users/me', { headers: bearer(grace.accessToken) });

    expect(byId.status).toBe(404);
    expect(patchById.status).toBe(404);
    expect(graceSees.body.name).toBe('Grace');
  });

  it('changes the password with the current one, keeps this session and ends the others', async () => {
    const account = await signUp();
    const elsewhere = await logIn(account.email);
    const newPassword = 'a completely new passphrase';

    const changed = await api('PATCH', '/users/me', {
      headers: bearer(account.accessToken),
      body: { currentPassword: aPassword, newPassword },
    });

    expect(changed.status).toBe(200);
    expect((await api('POST', '/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } })).status).toBe(401);
    expect((await api('POST', '/auth/refresh', { body: { refreshToken: account.refreshToken } })).status).toBe(200);
    expect((await api('POST', '/auth/login', { body: { email: account.email, password: aPassword } })).status).toBe(401);
    expect((await api('POST', '/auth/login', { body: { email: account.email, password: newPassword } })).status).toBe(200);
  });

  it('refuses a password change without the right current password, and changes nothing', async () => {
    const account = await signUp('Unchanged');

    const wrong = await api('PATCH', '/users/me', {
      headers: bearer(account.accessToken),
      body: { name: 'Changed', currentPassword: 'not the password', newPassword: 'a completely new passphrase' },
    });
    const missing = await api('PATCH', '/users/me', { headers: bearer(account.accessToken), body: { newPassword: 'another new passphrase' } });
    const me = await api<{ name: string }>('GET', '/users/me', { headers: bearer(account.accessToken) });

    expect(wrong.status).toBe(400);
    expect(missing.status).toBe(400);
    expect(me.body.name).toBe('Unchanged');
    expect((await api('POST', '/auth/login', { body: { email: account.email, password: aPassword } })).status).toBe(200);
  });
});

describe('public keys', () => {
  it('serves the JWKS: the stack\'s key, public half only', async () => {
    const { kid } = JSON.parse(String(process.env.SIGNING_KEY_JWK)) as { kid: string };

    const response = await api<{ keys: Array<Record<string, string>> }>('GET', '/.well-known/jwks.json');

    expect(response.status).toBe(200);
    expect(response.body.keys.map((key) => key.kid)).toEqual([kid]);
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  it('answers readiness for the users table', async () => {
    expect((await api('GET', '/users/health')).status).toBe(200);
  });
});
