import { spawnSync } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { emailKey, loginAttemptsKey, userKey } from '../../functions/users/adapters/users-table.ts';
import { api } from '../support/api.ts';
import { aPassword, freshEmail, logInFrom } from '../support/auth.ts';
import { documents, resourceName } from '../support/aws.ts';
import { aCustomer, refusal, shopClient } from '../support/client.ts';

const table = resourceName('users');

/** An address of its own for one test's client (all of 127/8 is this machine), so no other test's failures count. */
const aLoopbackAddress = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** The real command, as `npm run login:unthrottle` runs it, pointed at the stack under test by the environment. */
const unthrottle = (args: string[]) =>
  spawnSync(process.execPath, ['scripts/login-unthrottle.ts', ...args, '--stage', process.env.SHOP_STAGE ?? 'test'], {
    cwd: resolve(__dirname, '../..'),
    encoding: 'utf8',
  });

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
    const { email } = await aCustomer('First');

    const again = await refusal(shopClient().signUp({ email: email.toUpperCase(), password: aPassword, name: 'Second' }));

    expect(again).toMatchObject({ status: 409, type: 'urn:shop:problem:conflict' });
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['the email as password', {}, 'password'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['an unknown field', { nickname: 'x' }, 'nickname'],
    ['a wrong type', { name: 42 }, 'name'],
    ['a missing name', { name: undefined }, 'name'],
    ['a name holding a line break', { name: 'Eve\r\nrole: admin' }, 'name'],
    ['a name holding a right-to-left override', { name: 'Eve \u202Enimda' }, 'name'],
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

describe('registering look-alikes', () => {
  const fullWidth = (text: string) => text.replace(/[!-~]/g, (char) => String.fromCodePoint(char.codePointAt(0)! + 0xfee0));

  it('takes a full-width spelling of a taken email for the email itself: 409, and logs in as its owner', async () => {
    const { email, user } = await aCustomer('Owner');
    const [local, domain] = email.split('@');

    const again = await refusal(shopClient().signUp({ email: `${fullWidth(String(local))}@${domain}`, password: aPassword, name: 'Twin' }));
    const twin = shopClient();
    await twin.signIn({ email: fullWidth(email), password: aPassword });

    expect(again.status).toBe(409);
    expect((await twin.me.get()).id).toBe(user.id);
  });

  it.each([
    ['a leading zero-width space', (email: string) => `\u200b${email}`],
    ['a trailing NUL', (email: string) => `${email}\u0000`],
    ['a dotless domain', () => `a-${randomUUID()}@b`],
    ['markup', (email: string) => `<script>${email}`],
  ])('refuses an email with %s with a 400 naming email, and writes nothing', async (_what, lookAlike) => {
    const email = lookAlike(freshEmail());

    const response = await api<{ errors: Array<{ field: string }> }>('POST', '/auth/register', { body: { email, password: aPassword, name: 'Eve' } });
    const claimed = await documents.send(new GetCommand({ TableName: table, Key: emailKey(email.normalize('NFKC').trim().toLowerCase()) }));

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(['email']);
    expect(claimed.Item).toBeUndefined();
  });

  it.each([
    ['ten spaces', ' '.repeat(10)],
    ['ten NULs', '\u0000'.repeat(10)],
    ['tabs, newlines and a zero-width space', '\t\n\t\n\u200b\t\n\t\n\r'],
  ])('refuses a password of %s with a 400 naming password', async (_what, password) => {
    const response = await api<{ errors: Array<{ field: string }> }>('POST', '/auth/register', { body: { email: freshEmail(), password, name: 'Eve' } });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(['password']);
  });

  it('promotes exactly the normalised address with admin:promote, never a look-alike', async () => {
    const account = await aCustomer('Real');
    const promote = (email: string) =>
      spawnSync(process.execPath, ['scripts/admin-promote.ts', email, '--stage', process.env.SHOP_STAGE ?? 'test'], {
        cwd: resolve(__dirname, '../..'),
        encoding: 'utf8',
      });

    const lookAlike = promote(`\u200b${account.email}`);
    const fullWidthSpelling = promote(fullWidth(account.email));

    expect(lookAlike.status).toBe(2);
    expect(fullWidthSpelling.status).toBe(0);
    expect(fullWidthSpelling.stdout).toContain(`${account.email} is an admin`);
  });

  it('says which table and which DynamoDB admin:promote acts on before it acts, and takes the port as npm start names it', async () => {
    const account = await aCustomer('Ported');
    const stage = process.env.SHOP_STAGE ?? 'test';
    const { AWS_ENDPOINT_URL: _a, AWS_ENDPOINT_URL_DYNAMODB: _d, ...withoutEndpoints } = process.env;
    const port = new URL(String(process.env.AWS_ENDPOINT_URL_DYNAMODB)).port;

    const promoted = spawnSync(process.execPath, ['scripts/admin-promote.ts', account.email, '--stage', stage, '--dynamodb-port', port], {
      cwd: resolve(__dirname, '../..'),
      env: withoutEndpoints,
      encoding: 'utf8',
    });
    const stored = await documents.send(new GetCommand({ TableName: table, Key: userKey(account.user.id) }));

    expect(promoted.status).toBe(0);
    expect(promoted.stderr).toBe(`admin:promote: table shop-${stage}-users (stage ${stage}), DynamoDB at http://127.0.0.1:${port} (--dynamodb-port)\n`);
    expect(stored.Item?.role).toBe('admin');
  });
});

describe('logging in', () => {
  it('answers a token pair that is never cached, good for fifteen minutes', async () => {
    const account = await aCustomer();
    const shop = shopClient();
    const before = Date.now();

    // The document the client's answers are checked against requires Cache-Control: no-store here.
    await shop.signIn({ email: account.email.toUpperCase(), password: aPassword });

    expect(shop.session?.accessToken.split('.')).toHaveLength(3);
    expect(shop.session?.expiresAt).toBeGreaterThanOrEqual(before + 900_000);
    expect(shop.session?.expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const account = await aCustomer();

    const unknown = await refusal(shopClient().signIn({ email: freshEmail(), password: aPassword }));
    const wrong = await refusal(shopClient().signIn({ email: account.email, password: 'not the password' }));

    expect(unknown.status).toBe(401);
    expect({ type: wrong.type, detail: wrong.detail, status: wrong.status }).toEqual({ type: unknown.type, detail: unknown.detail, status: 401 });
  });

  it('lets twenty simultaneous logins with the right password all in', async () => {
    const account = await aCustomer();
    const clients = Array.from({ length: 20 }, () => shopClient());

    await Promise.all(clients.map((client) => client.signIn({ email: account.email, password: aPassword })));

    expect(clients.filter((client) => client.session !== undefined)).toHaveLength(20);
  });

  it('throttles a stranger who keeps failing on an email with 429 and Retry-After, while its owner elsewhere logs in', async () => {
    const account = await aCustomer();
    const stranger = aLoopbackAddress();
    const failures = [];
    for (let attempt = 0; attempt < 5; attempt++) failures.push(await logInFrom(stranger, { email: account.email, password: 'wrong guess' }));

    const strangerWithTheRightPassword = await logInFrom(stranger, { email: account.email, password: aPassword });
    const owner = await logInFrom(aLoopbackAddress(), { email: account.email, password: aPassword });

    expect(failures.map((failure) => failure.status)).toEqual(Array(5).fill(401));
    expect(strangerWithTheRightPassword.status).toBe(429);
    expect(Number(strangerWithTheRightPassword.retryAfter)).toBeGreaterThan(0);
    expect(Number(strangerWithTheRightPassword.retryAfter)).toBeLessThanOrEqual(15 * 60);
    expect(owner.status).toBe(200);
  });

  it('throttles an address that fails on many emails, for every email', async () => {
    const sprayer = aLoopbackAddress();
    const account = await aCustomer();
    for (let attempt = 0; attempt < 50; attempt++) {
      expect((await logInFrom(sprayer, { email: freshEmail(), password: 'Summer2026!' })).status).toBe(401);
    }

    const next = await logInFrom(sprayer, { email: account.email, password: aPassword });

    expect(next.status).toBe(429);
  });

  it('lets a throttled client in again once the window has passed', async () => {
    const account = await aCustomer();
    const client = aLoopbackAddress();
    for (let attempt = 0; attempt < 5; attempt++) await logInFrom(client, { email: account.email, password: 'wrong guess' });

    const throttled = await logInFrom(client, { email: account.email, password: aPassword });
    // Fifteen minutes pass (the window is kept in the table, so the test moves its start back).
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: loginAttemptsKey({ email: account.email, address: client }),
        UpdateExpression: 'SET windowStartedAt = :then',
        ExpressionAttributeValues: { ':then': Date.now() - 16 * 60 * 1000 },
      }),
    );
    const afterTheWindow = await logInFrom(client, { email: account.email, password: aPassword });

    expect(throttled.status).toBe(429);
    expect(afterTheWindow.status).toBe(200);
  });

  it('lets an operator lift a throttle with npm run login:unthrottle', async () => {
    const account = await aCustomer();
    const client = aLoopbackAddress();
    for (let attempt = 0; attempt < 5; attempt++) await logInFrom(client, { email: account.email, password: 'wrong guess' });
    const throttled = await logInFrom(client, { email: account.email, password: aPassword });

    const run = unthrottle([account.email.toUpperCase(), '--address', client]);
    const afterwards = await logInFrom(client, { email: account.email, password: aPassword });

    expect(throttled.status).toBe(429);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      `login:unthrottle: table ${table} (stage ${process.env.SHOP_STAGE ?? 'test'}), DynamoDB at ${process.env.AWS_ENDPOINT_URL_DYNAMODB} (from AWS_ENDPOINT_URL_DYNAMODB)\n`,
    );
    expect(run.stdout).toContain('Lifted 2 throttle window(s)');
    expect(afterwards.status).toBe(200);
  });

  it('lifts the throttles of an email from every address when no address is given', async () => {
    const account = await aCustomer();
    const [one, other] = [aLoopbackAddress(), aLoopbackAddress()];
    for (const client of [one, other]) {
      for (let attempt = 0; attempt < 5; attempt++) await logInFrom(client, { email: account.email, password: 'wrong guess' });
    }

    const run = unthrottle([account.email]);

    expect(run.stdout).toContain('Lifted 2 throttle window(s)');
    expect((await logInFrom(one, { email: account.email, password: aPassword })).status).toBe(200);
    expect((await logInFrom(other, { email: account.email, password: aPassword })).status).toBe(200);
  });

  it('refuses an unthrottle address that is not one, with exit code 2', () => {
    const run = unthrottle(['ada@example.com', '--address', 'not-an-ip']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--address not-an-ip is not an IPv4 or IPv6 address');
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const response = await api<{ errors: Array<{ field: string }> }>('POST', '/auth/login', { body: { email: 'a@b.c' } });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(['password']);
  });
});

describe('sessions', () => {
  it('rotates the refresh token, and a reused one revokes the whole family', async () => {
    const { shop } = await aCustomer();
    const first = shop.session;

    await shop.refresh();
    const reused = await refusal(shopClient(first).refresh());
    const newest = await refusal(shop.refresh());

    expect(shop.session).toBeUndefined();
    expect(reused.status).toBe(401);
    expect(newest.status).toBe(401);
  });

  it('stores refresh tokens only as hashes', async () => {
    const { shop, user } = await aCustomer();

    const { Items = [] } = await documents.send(
      new ScanCommand({ TableName: table, FilterExpression: 'userId = :id', ExpressionAttributeValues: { ':id': user.id } }),
    );

    expect(Items.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain(shop.session?.refreshToken);
  });

  it('logs out: the session\'s refresh token stops working, other sessions go on', async () => {
    const { shop, email } = await aCustomer();
    const other = shopClient();
    await other.signIn({ email, password: aPassword });
    const loggedOut = shop.session;

    await shop.signOut();
    const refreshed = await refusal(shopClient(loggedOut).refresh());
    await other.refresh();

    expect(shop.session).toBeUndefined();
    expect(refreshed.status).toBe(401);
    expect(other.session).toBeDefined();
  });

  it('refuses a refresh token it never issued', async () => {
    const made = shopClient({ accessToken: 'made.up.token', refreshToken: 'made-up', expiresAt: Date.now() + 60_000 });

    expect((await refusal(made.refresh())).status).toBe(401);
  });
});

describe('the caller\'s own account', () => {
  it('changes the name of the caller only', async () => {
    const ada = await aCustomer('Ada');
    const grace = await aCustomer('Grace');

    const renamed = await ada.shop.me.update({ name: 'Countess' });
    const graceSees = await grace.shop.me.get();

    expect(renamed.name).toBe('Countess');
    expect(graceSees).toMatchObject({ id: grace.user.id, name: 'Grace' });
  });

  it.each([
    ['a line break', 'Ada\nLovelace'],
    ['a NUL', 'Ada\u0000'],
    ['a right-to-left override', 'Ada \u202Eecalevol'],
  ])('refuses a new name holding %s with a 400 naming name, and keeps the old one', async (_what, name) => {
    const ada = await aCustomer('Ada');

    const refused = await refusal(ada.shop.me.update({ name }));

    expect(refused).toMatchObject({ status: 400, type: 'urn:shop:problem:validation-error' });
    expect(refused.errors.map((error) => error.field)).toEqual(['name']);
    expect((await ada.shop.me.get()).name).toBe('Ada');
  });

  it('offers no way to reach another user by id', async () => {
    const ada = await aCustomer('Ada');
    const grace = await aCustomer('Grace');
    const asAda = { authorization: `Bearer ${ada.shop.session?.accessToken}` };

    // Routes the API does not have: sent raw, as the client has no way to ask.
    const byId = await api('GET', `/users/${grace.user.id}`, { headers: asAda });
    const patchById = await api('PATCH', `/users/${grace.user.id}`, { headers: asAda, body: { name: 'Mallory' } });

    expect(byId.status).toBe(404);
    expect(patchById.status).toBe(404);
    expect((await grace.shop.me.get()).name).toBe('Grace');
  });

  it('changes the password with the current one, keeps this session and ends the others', async () => {
    const { shop, email } = await aCustomer();
    const elsewhere = shopClient();
    await elsewhere.signIn({ email, password: aPassword });
    const newPassword = 'a completely new passphrase';

    await shop.me.update({ currentPassword: aPassword, newPassword });

    expect((await refusal(elsewhere.refresh())).status).toBe(401);
    await shop.refresh();
    expect((await refusal(shopClient().signIn({ email, password: aPassword }))).status).toBe(401);
    await shopClient().signIn({ email, password: newPassword });
  });

  it('refuses a password change without the right current password, and changes nothing', async () => {
    const { shop, email } = await aCustomer('Unchanged');

    const wrong = await refusal(shop.me.update({ name: 'Changed', currentPassword: 'not the password', newPassword: 'a completely new passphrase' }));
    const missing = await refusal(shop.me.update({ newPassword: 'another new passphrase' }));

    expect(wrong).toMatchObject({ status: 400, errors: [{ field: 'currentPassword' }] });
    expect(missing).toMatchObject({ status: 400, errors: [{ field: 'currentPassword' }] });
    expect((await shop.me.get()).name).toBe('Unchanged');
    await shopClient().signIn({ email, password: aPassword });
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
