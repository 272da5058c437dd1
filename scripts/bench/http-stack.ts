/**
 * What our HTTP stack itself costs a request, beside what a request through the gateway costs: the
 * share of the efficiency figure that is our code's to win back (see http-stack-child.ts).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Microseconds per call: through httpHandler, bare, and the median of their rounds' differences. */
export type HttpStackCost = { oursUs: number; bareUs: number; stackUs: number };

const CHILD = join(import.meta.dirname, 'http-stack-child.ts');

/** `env` is the function's, as the stack gives it (IS_OFFLINE included, so the correlation id is kept as there). */
export async function httpStackCost(serviceRoot: string, env: Record<string, string>): Promise<HttpStackCost> {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, serviceRoot], { env: { ...env, IS_OFFLINE: 'true' }, timeout: 120_000 });
  return JSON.parse(stdout) as HttpStackCost;
}
