/** Load through the local gateway with autocannon. */
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
