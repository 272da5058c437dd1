/**
 * The users the users service's functions act for, made through the gateway as a client would: a
 * customer, and an admin promoted by the snapshot's own `npm run admin:promote` (there is no HTTP path
 * to that). Tokens and sessions come from real logins, signed with the key the bench gave the stack.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Caller } from './events.ts';
import type { Endpoints } from './stack.ts';

export type SignedIn = { email: string; caller: Caller; accessToken: string };

export type UsersSeed = {
  /** Every bench user's password. */
  password: string;
  customer: SignedIn;
  admin: SignedIn;
  /** One unspent refresh token per refresh invocation (each is spent by its use). */
  refreshTokens: string[];
  /** One live session of the customer per logOut invocation (each is ended by its use). */
  sessionsToEnd: Caller[];
};

const PASSWORD = 'correct horse battery staple';

/** `service` is the snapshot the stack runs, whose admin:promote script is used. */
export async function seedUsers(stack: Endpoints, service: string, invocationsPerFunction: number): Promise<UsersSeed> {
  const customerEmail = await register(stack, 'Bench customer');
  const adminEmail = await register(stack, 'Bench admin');
  await promote(stack, service, adminEmail);
  // The role is written into tokens at login, so the admin logs in only once promoted.
  const admin = await logIn(stack, adminEmail);
  if (admin.caller.role !== 'admin') throw new Error(`Seeding: ${adminEmail} was promoted, yet logs in as ${admin.caller.role}.`);
  const customer = await logIn(stack, customerEmail);
  // One at a time: serverless-offline starts a worker per concurrent call, which would only slow this down.
  const refreshTokens: string[] = [];
  for (let i = 0; i < invocationsPerFunction; i++) refreshTokens.push((await logIn(stack, customerEmail)).refreshToken);
  const sessionsToEnd: Caller[] = [];
  for (let i = 0; i < invocationsPerFunction; i++) sessionsToEnd.push((await logIn(stack, customerEmail)).caller);
  return { password: PASSWORD, customer, admin, refreshTokens, sessionsToEnd };
}

/** A fresh email for each call, so register never meets one already taken. */
export const freshEmail = (): string => `bench-${randomUUID()}@example.com`;

async function register(stack: Endpoints, name: string): Promise<string> {
  const email = freshEmail();
  await post(stack, '/auth/register', { email, password: PASSWORD, name }, 201);
  return email;
}

async function logIn(stack: Endpoints, email: string): Promise<SignedIn & { refreshToken: string }> {
  const { accessToken, refreshToken } = (await post(stack, '/auth/login', { email, password: PASSWORD }, 200)) as { accessToken: string; refreshToken: string };
  return { email, caller: claimsOf(accessToken), accessToken, refreshToken };
}

async function post(stack: Endpoints, path: string, body: unknown, status: number): Promise<unknown> {
  const response = await fetch(`${stack.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== status) throw new Error(`Seeding: POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/**
 * Who the authorizer would say the bearer of an access token is: its claims sub, role and sid (see
 * functions/users/adapters/es256-access-token-issuer.ts), read without checking; the stack just signed it.
 */
function claimsOf(accessToken: string): Caller {
  const payload = accessToken.split('.')[1] ?? '';
  const { sub, role, sid } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string; role?: string; sid?: string };
  if (sub === undefined || role === undefined || sid === undefined) throw new Error('Seeding: an access token without sub, role or sid.');
  return { userId: sub, role, sessionId: sid };
}

/** The snapshot's admin:promote against the stack's DynamoDB Local (it uses the endpoint in the environment). */
async function promote(stack: Endpoints, service: string, email: string): Promise<void> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  const child = spawn(process.execPath, [join(service, 'scripts/admin-promote.ts'), email, '--stage', stack.stage], { cwd: service, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`Seeding: admin:promote ${email} failed (exit ${code}): ${output.trim().slice(-500)}`);
}
