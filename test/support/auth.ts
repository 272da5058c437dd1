import { randomUUID } from 'node:crypto';
import { DynamoDbUserRepository } from '../../functions/users/adapters/dynamodb-user-repository.ts';
import { promoteToAdmin } from '../../functions/users/use-cases/promote-to-admin.ts';
import { api } from './api.ts';
import { documents, resourceName } from './aws.ts';

export type Account = { email: string; password: string; id: string; accessToken: string; refreshToken: string };
type Tokens = { accessToken: string; refreshToken: string };

export const aPassword = 'correct horse battery staple';

/** Registers a fresh user through the API and logs them in. */
export async function signUp(name = 'Tester'): Promise<Account> {
  const email = `user-${randomUUID()}@example.com`;
  const registered = await api<{ id: string }>('POST', '/auth/register', { body: { email, password: aPassword, name } });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  return { email, password: aPassword, id: registered.body.id, ...(await logIn(email)) };
}

export async function logIn(email: string, password = aPassword): Promise<Tokens> {
  const response = await api<Tokens>('POST', '/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  return response.body;
}

/** A fresh admin, made the way `npm run admin:promote` makes one (there is no HTTP path to it). */
export async function signUpAdmin(): Promise<Account> {
  const account = await signUp('Admin');
  const users = new DynamoDbUserRepository(documents, resourceName('users'));
  await promoteToAdmin({ users, clock: { now: () => new Date() } }, account.email);
  return { ...account, ...(await logIn(account.email)) };
}

let admin: Promise<Account> | undefined;

/** Headers of one admin per test file, for the catalog's writes. */
export async function asAdmin(): Promise<Record<string, string>> {
  admin ??= signUpAdmin();
  return bearer((await admin).accessToken);
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
