/** What `npm run load` prints: a live line while it runs, and the summary of its record at the end. */
import { percentile } from '../percentile.ts';
import type { Call } from './api-client.ts';
import { FINAL_STATES, type LoadRecord, type Placement, type Progress } from './crowd.ts';

export function progressLine({ elapsedMs, calls, perSecond, errors, placed, ended, open }: Progress): string {
  return `${(elapsedMs / 1000).toFixed(0).padStart(4)} s  ${calls} calls  ${perSecond.toFixed(1)}/s  errors ${errors}  orders placed ${placed}, ended ${ended}, open ${open}`;
}

export function summaryOf(record: LoadRecord): string {
  const seconds = Math.max(1, (record.endedAt - record.startedAt) / 1000);
  const run = record.calls.filter(({ at }) => at >= record.startedAt);
  return [
    `Load on ${record.api}: ${seconds.toFixed(0)} s, ${record.customers.length} customers, ${run.length} calls (${(run.length / seconds).toFixed(1)}/s; ${record.calls.length} with setting up and settling)`,
    '',
    latencyTable(record.calls),
    '',
    errorsLine(record.calls),
    ...ordersLines(record.placements),
  ].join('\n');
}

function latencyTable(calls: readonly Call[]): string {
  const byRoute = groupBy(calls, ({ route }) => route);
  const rows = [...byRoute].sort(([a], [b]) => a.localeCompare(b)).map(([route, routeCalls]) => {
    const ms = routeCalls.map((call) => call.ms);
    const errors = routeCalls.filter(({ status }) => status === 0 || status >= 400).length;
    return [route, routeCalls.length, percentile(ms, 50), percentile(ms, 90), percentile(ms, 99), Math.max(...ms), errors];
  });
  const header = ['latency by route (ms)', 'calls', 'p50', 'p90', 'p99', 'max', 'not 2xx'];
  return table([header, ...rows.map((row) => row.map(String))]);
}

function errorsLine(calls: readonly Call[]): string {
  const failed = calls.filter(({ status }) => status === 0 || status >= 400);
  if (failed.length === 0) return 'Errors: none (every call answered 2xx)';
  const byStatus = [...groupBy(failed, ({ status }) => status)].sort(([a], [b]) => a - b);
  const parts = byStatus.map(([status, statusCalls]) => {
    const routes = [...groupBy(statusCalls, ({ route }) => route)].map(([route, routeCalls]) => `${route} ${routeCalls.length}`).join(', ');
    return `${status === 0 ? 'no answer' : status} ×${statusCalls.length} (${routes})`;
  });
  return `Errors by status: ${parts.join('; ')}`;
}

function ordersLines(placements: readonly Placement[]): string[] {
  const placed = placements.filter(({ orderId }) => orderId !== undefined);
  const notPlaced = placements.filter(({ orderId }) => orderId === undefined);
  const retried = placements.filter(({ attempts }) => attempts.length > 1).length;
  const lastAnswers = [...groupBy(notPlaced, ({ attempts }) => attempts.at(-1) ?? -1)].map(([status, group]) => `${status === -1 ? 'never sent' : status === 0 ? 'no answer' : status} ×${group.length}`);
  const byState = groupBy(placed, ({ state }) => state ?? 'unknown');
  const states = [...FINAL_STATES, ...[...byState.keys()].filter((state) => !FINAL_STATES.includes(state)).sort()];
  const ended = placed.filter(({ endedAt }) => endedAt !== undefined);
  const latencies = ended.map(({ sentAt, endedAt = sentAt }) => (endedAt - sentAt) / 1000);
  return [
    `Orders: ${placed.length} placed (2xx)${notPlaced.length === 0 ? '' : `, ${notPlaced.length} not placed (last answer ${lastAnswers.join(', ')})`}; ${retried} needed more than one attempt`,
    `  by state now: ${states.filter((state) => byState.has(state)).map((state) => `${state} ${byState.get(state)?.length}`).join(', ') || 'none'}`,
    latencies.length === 0
      ? '  placing to final state: none ended'
      : `  placing to final state (s): p50 ${fixed(percentile(latencies, 50))}  p90 ${fixed(percentile(latencies, 90))}  p99 ${fixed(percentile(latencies, 99))}  max ${fixed(Math.max(...latencies))}  (${ended.length} of ${placed.length} ended)`,
  ];
}

const fixed = (value: number) => value.toFixed(1);

export function groupBy<T, K>(values: readonly T[], keyOf: (value: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  return groups;
}

/** Rows of cells as aligned columns: the first column to the left, the others to the right. */
export function table(rows: readonly string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')).join('\n');
}
