/** Load through the local gateway with autocannon, and the store's floor from a node process of its own (getitem-floor.ts). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

export type LoadResult = { rps: number; requests: number; errors: number; timeouts: number; p50Ms: number; p99Ms: number };

/**
 * GETs of `url` for `seconds`. Every answer must be the body it gives now, so a fast error never
 * passes for a fast answer: a wrong body or a non-2xx counts as an error, as a failed connection does.
 */
export async function loadGet(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const first = await fetch(url);
  const expectBody = await first.text();
  if (!first.ok) throw new Error(`GET ${url} answered ${first.status}: ${expectBody.slice(0, 300)}`);
  const result = await autocannon({ url, connections, duration: seconds, expectBody });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    // autocannon counts a timeout among its errors too.
    errors: result.errors - result.timeouts + result.non2xx + result.mismatches,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

export type GetItemJob = { table: string; key: Record<string, string>; connections: number; warmupS: number; durationS: number };

/** `env` configures its SDK as a function's would be. */
export async function sdkGetItemRps(job: GetItemJob, env: Record<string, string>): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'getitem-floor.ts'), JSON.stringify(job)], { env });
  return (JSON.parse(stdout) as { rps: number }).rps;
}
