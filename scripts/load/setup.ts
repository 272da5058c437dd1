/** What `npm run load` and `npm run chaos` need before the crowd sets out (the bench too, its admin): an admin, the options read, a live line. */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../usage-error.ts';
import { ApiClient } from './api-client.ts';
import type { Credentials, Progress } from './crowd.ts';
import { progressLine } from './summary.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The admin given, or on the local stack a fresh one, promoted as `npm run admin:promote` does. */
export async function adminFor(api: string, email: string | undefined, password: string | undefined, local: { stage: string; dynamodb: string }): Promise<Credentials> {
  if (email !== undefined && password !== undefined) return { email, password };
  if (email !== undefined || password !== undefined) throw new UsageError('give both --admin-email and --admin-password, or neither');
  if (!isLoopback(api)) throw new UsageError(`${api} is not the local stack: give an admin's --admin-email and --admin-password`);
  const made = { email: `load-admin-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery staple' };
  const client = new ApiClient(api, () => {});
  const registered = await client.call('POST /auth/register', '/auth/register', { body: { ...made, name: 'Load admin' } });
  if (registered.status !== 201) throw new Error(`Could not register the load's admin at ${api}: ${registered.status} (is the stack running? npm start, or --launch)`);
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/admin-promote.ts'), made.email, '--stage', local.stage], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_DYNAMODB: local.dynamodb, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
  });
  return made;
}

/** A line that rewrites itself on a terminal; elsewhere (a log) one line every 10 s. */
export function liveLine(): (progress: Progress) => void {
  let printed = 0;
  return (progress) => {
    if (process.stderr.isTTY) return void process.stderr.write(`\r${progressLine(progress)}\u001b[K`);
    if (progress.elapsedMs - printed < 10_000) return;
    printed = progress.elapsedMs;
    process.stderr.write(`${progressLine(progress)}\n`);
  };
}

export function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--${name} must be a whole number above 0, not "${text}"`);
  return value;
}

export function share(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new UsageError(`--scarce-share must be from 0 to 1, not "${text}"`);
  return value;
}

