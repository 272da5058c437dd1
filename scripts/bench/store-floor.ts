/**
 * The store's floor as a function meets it: the GetItem getProduct makes, sent through the AWS SDK's
 * DocumentClient from a node 22 process of its own, `connections` requests in flight. A function pays
 * that client's cost on every call (building, signing, parsing), so a gateway route can at best reach
 * the rate of this, not that of the store alone (load.ts's replayed request).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult } from './load.ts';

/** What the child is asked to do (store-floor-child.ts). */
export type StoreFloorJob = { connections: number; durationS: number; warmupS: number; table: string; key: Record<string, string> };

const CHILD = join(import.meta.dirname, 'store-floor-child.ts');

/** `env` configures the child's SDK as a function's would be (region, endpoint, credentials). */
export async function sdkGetItemLoad(job: StoreFloorJob, env: Record<string, string>): Promise<LoadResult> {
  // Its own process, so autocannon and the bench's own work never share its event loop.
  const child = spawn(process.execPath, [CHILD, JSON.stringify(job)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), (job.warmupS + job.durationS + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`The SDK's GetItem load failed (exit ${code ?? child.signalCode}): ${stderr.trim()}`);
  return JSON.parse(stdout) as LoadResult;
}
