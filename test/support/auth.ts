import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { DynamoDbUserRepository } from '../../functions/users/adapters/dynamodb-user-repository.ts';
import { promoteToAdmin } from '../../functions/users/use-cases/promote-to-admin.ts';
import { api, apiUrl } from './api.ts';
import { documents, resourceName } from './aws.ts';

export type Account = { email: string; password: string; id: string; accessToken: string; refreshToken: string };
type Tokens = { accessToken: string; refreshToken: string };

export const aPassword = 'correct horse battery staple';

export const freshEmail = (): string => `user-${randomUUID()}@example.com`;

/** Makes an account an admin the way `npm run admin:promote` does (there is no HTTP path to it); a sign-in after it carries the role. */
export const promote = (email: string): Promise<unknown> =>
  promoteToAdmin({ users: new DynamoDbUserRepository(documents, resourceName('users')), clock: { now: () => new Date() } }, email);

/** Registers a fresh user through the API and logs them in. */
export async function signUp(name = 'Tester'): Promise<Account> {
  const email = freshEmail();
  const registered = await api<{ id: string }>('POST', '/auth/register', { body: { email, password: aPassword, name } });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  return { email, password: aPassword, id: registered.body.id, ...(await logIn(email)) };
}

export async function logIn(email: string, password = aPassword): Promise<Tokens> {
  const response = await api<Tokens>('POST', '/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  return response.body;
}

/** A fresh admin, signed in again after the promotion to carry the role. */
export async function signUpAdmin(): Promise<Account> {
  const account = await signUp('Admin');
  await promote(account.email);
  return { ...account, ...(await logIn(account.email)) };
}

let admin: Promise<Account> | undefined;

/** Headers of one admin per test file, for the catalog's writes. */
export async function asAdmin(): Promise<Record<string, string>> {
  admin ??= signUpAdmin();
  return bearer((await admin).accessToken);
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/**
 * A login sent from another loopback address (127.0.0.2 and so on, all of 127/8 is this machine), so
 * the gateway sees another client: fetch cannot choose its local address, node:http can.
 */
export function logInFrom(localAddress: string, body: { email: string; password: string }): Promise<{ status: number; retryAfter?: string }> {
  const url = new URL(apiUrl('/auth/login'));
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}
