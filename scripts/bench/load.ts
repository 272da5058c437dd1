/**
 * Load through the local gateway with autocannon, the store's floor from a node process of its own
 * (getitem-floor.ts), and the peak memory of the serverless-offline process tree, read from /proc.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

/** Every process's parent, from /proc. */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command's closing parenthesis: state, then the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return parentOf;
}

const descendants = (root: number, parentOf: Map<number, number>): number[] =>
  [...parentOf].filter(([, parent]) => parent === root).flatMap(([pid]) => [pid, ...descendants(pid, parentOf)]);

/** The serverless-offline process among the stack's: the one running serverless.js. */
export function findOffline(stackPid: number): number {
  const pid = descendants(stackPid, parents()).find((candidate) => {
    try {
      return readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes('serverless.js');
    } catch {
      return false;
    }
  });
  if (pid === undefined) throw new Error(`No serverless offline process under the stack (pid ${stackPid}).`);
  return pid;
}

/** Samples the resident memory of `pid` and all it started, until stop() gives the peak in bytes. */
export function watchPeakRss(pid: number, everyMs = 200): { stop(): number } {
  let peak = 0;
  const sample = () => {
    const total = [pid, ...descendants(pid, parents())].reduce((sum, each) => {
      try {
        return sum + Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${each}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        return sum;
      }
    }, 0);
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { stop: () => (clearInterval(timer), sample(), peak) };
}
