/** What a chaos run prints at the end: the faults as they ran, the orders, each invariant, and every violation with its order's history. */
import { orderIdFor } from '../../functions/orders/domain/order.ts';
import { FINAL_STATES, type LoadRecord } from '../load/crowd.ts';
import { groupBy, table } from '../load/summary.ts';
import { percentile } from '../percentile.ts';
import type { FaultRun } from './faults.ts';
import { INVARIANTS, type Evidence, type Invariant, type OrderSeen, type Violation } from './invariants.ts';

/** An order on the saga's latency chart: when it was placed (s into the run), how long until it ended (s), and its state now. */
export type SagaPoint = { orderId: string; placedSeconds: number; endedSeconds?: number; state: string };

export type ChaosRun = { record: LoadRecord; evidence: Evidence; faults: FaultRun[]; violations: Violation[] };

/** Each order of the table with the placement that made it: placed when its first attempt was sent, ended at the first final state of its history. */
export function sagaPoints({ record, evidence }: Pick<ChaosRun, 'record' | 'evidence'>): SagaPoint[] {
  const sentAt = new Map(record.placements.map(({ customerId, key, sentAt: sent }) => [orderIdFor(customerId, key), sent]));
  return evidence.orders.flatMap((order) => {
    const sent = sentAt.get(order.id);
    if (sent === undefined) return [];
    const ended = order.history.find(({ state }) => FINAL_STATES.includes(state));
    return [{
      orderId: order.id,
      placedSeconds: (sent - record.startedAt) / 1000,
      ...(ended === undefined ? {} : { endedSeconds: (Date.parse(ended.at) - sent) / 1000 }),
      state: order.state,
    }];
  });
}

export function chaosReport(run: ChaosRun): string {
  const { record, evidence, violations } = run;
  const points = sagaPoints(run);
  const placed = record.placements.filter(({ orderId }) => orderId !== undefined).length;
  return [
    `Chaos run: ${record.placements.length} orders asked for by ${record.customers.length} customers over ${((record.endedAt - record.startedAt) / 1000).toFixed(0)} s; ${placed} placed (2xx), ${evidence.orders.length} in the orders table`,
    '',
    faultsTable(run, points),
    '',
    `Orders by final state: ${statesLine(evidence.orders)}`,
    latencyLine(points),
    '',
    'Invariants:',
    ...(Object.keys(INVARIANTS) as Invariant[]).map((invariant) => {
      const broken = violations.filter((violation) => violation.invariant === invariant).length;
      return `  ${broken === 0 ? 'held  ' : 'BROKEN'}  ${INVARIANTS[invariant]}${broken === 0 ? '' : ` (${broken} violation${broken === 1 ? '' : 's'})`}`;
    }),
    ...(violations.length === 0 ? [] : ['', 'Violations:', ...violations.flatMap((violation) => violationLines(violation, evidence.orders))]),
  ].join('\n');
}

function faultsTable({ faults, record }: ChaosRun, points: SagaPoint[]): string {
  if (faults.length === 0) return 'Faults: none';
  const rows = [...faults].sort((a, b) => a.startedAt - b.startedAt).map((fault) => {
    const from = (fault.startedAt - record.startedAt) / 1000;
    const to = (fault.endedAt - record.startedAt) / 1000;
    const during = points.filter(({ placedSeconds }) => placedSeconds >= from && placedSeconds <= to);
    const states = [...groupBy(during, ({ state }) => state)].map(([state, group]) => `${state} ${group.length}`).join(', ');
    return [fault.kind, from.toFixed(1), (to - from).toFixed(1), `${during.length}${states === '' ? '' : ` (${states})`}`, fault.note];
  });
  const perKind = [...groupBy(faults, ({ kind }) => kind)].map(([kind, runs]) => `${kind} ×${runs.length}`).join(', ');
  return [table([['fault', 'at (s)', 'lasted (s)', 'orders placed meanwhile', 'what was done'], ...rows]), `Faults injected: ${perKind}`].join('\n');
}

function statesLine(orders: readonly OrderSeen[]): string {
  const byState = groupBy(orders, ({ state }) => state);
  const states = [...FINAL_STATES, ...[...byState.keys()].filter((state) => !FINAL_STATES.includes(state)).sort()];
  return states.filter((state) => byState.has(state)).map((state) => `${state} ${byState.get(state)?.length}`).join(', ') || 'no orders';
}

function latencyLine(points: readonly SagaPoint[]): string {
  const ended = points.flatMap(({ endedSeconds }) => (endedSeconds === undefined ? [] : [endedSeconds]));
  if (ended.length === 0) return 'Placing to final state: no order ended';
  const at = (p: number) => percentile(ended, p).toFixed(1);
  return `Placing to final state (s): p50 ${at(50)}  p90 ${at(90)}  p99 ${at(99)}  max ${Math.max(...ended).toFixed(1)}  (${ended.length} of ${points.length} ended)`;
}

function violationLines({ invariant, orderId, detail }: Violation, orders: readonly OrderSeen[]): string[] {
  const order = orders.find(({ id }) => id === orderId);
  const history = order?.history.map(({ state, at, by, reason }) => `${state} ${at.slice(11, 23)}${by === undefined ? '' : ` (${by}${reason === undefined ? '' : `: ${reason}`})`}`).join(' → ');
  return [`  [${invariant}]${orderId === undefined ? '' : ` order ${orderId}`}: ${detail}`, ...(history === undefined ? [] : [`      history: ${history}`])];
}
