import { orderIdFor } from '../../functions/orders/domain/order.ts';
import type { LoadRecord } from '../load/crowd.ts';
import { sagaChart } from './chart.ts';
import type { Evidence, OrderSeen } from './invariants.ts';
import { chaosReport, sagaPoints } from './report.ts';

const start = Date.UTC(2030, 0, 1);
const iso = (seconds: number) => new Date(start + seconds * 1000).toISOString();
const ada = { id: 'c-ada', email: 'ada@example.com', password: 'x', token: 't' };
const confirmedId = orderIdFor(ada.id, 'k1');
const stuckId = orderIdFor(ada.id, 'k2');

const record: LoadRecord = {
  api: 'http://127.0.0.1:1',
  startedAt: start,
  endedAt: start + 60_000,
  customers: [ada],
  products: [],
  calls: [],
  placements: [
    { key: 'k1', customerId: ada.id, items: [], sentAt: start + 10_000, attempts: [202], orderId: confirmedId },
    { key: 'k2', customerId: ada.id, items: [], sentAt: start + 20_000, attempts: [0, 202], orderId: stuckId },
  ],
  cancels: [],
  restocks: [],
};
const order = (id: string, state: string, history: OrderSeen['history']): OrderSeen => ({ id, customerId: ada.id, state, lines: [], totalCents: 100, history });
const evidence: Evidence = {
  orders: [
    order(confirmedId, 'CONFIRMED', [{ state: 'PENDING', at: iso(10.5) }, { state: 'CONFIRMED', at: iso(13), by: 'payments', reason: 'paid' }]),
    order(stuckId, 'COMPENSATION_FAILED', [{ state: 'PENDING', at: iso(21), by: 'customer', reason: 'placed' }, { state: 'COMPENSATION_FAILED', at: iso(90) }]),
  ],
  products: [],
  reservations: [],
  payments: [],
  notifications: [],
  emails: [],
  deadLetters: [],
};
const faults = [{ kind: 'kill-functions' as const, startedAt: start + 15_000, endedAt: start + 25_000, note: 'SIGKILL to pid 1; back as pid 2' }];

describe('the report of a chaos run', () => {
  it('puts each order on the chart where it was placed, as high as it took to end', () => {
    expect(sagaPoints({ record, evidence })).toEqual([
      { orderId: confirmedId, placedSeconds: 10, endedSeconds: 3, state: 'CONFIRMED' },
      { orderId: stuckId, placedSeconds: 20, state: 'COMPENSATION_FAILED' },
    ]);
  });

  it('counts the orders placed during each fault, and says which invariants held', () => {
    const report = chaosReport({ record, evidence, faults, violations: [] });

    expect(report).toMatch(/kill-functions\s+15\.0\s+10\.0\s+1 \(COMPENSATION_FAILED 1\)\s+SIGKILL to pid 1/);
    expect(report).toContain('Faults injected: kill-functions ×1');
    expect(report).toContain('Orders by final state: CONFIRMED 1, COMPENSATION_FAILED 1');
    expect(report).toContain('(1 of 2 ended)');
    expect(report).not.toContain('BROKEN');
    expect(report).not.toContain('Violations:');
  });

  it('names each broken invariant, and shows a violation with its order\'s history', () => {
    const report = chaosReport({ record, evidence, faults, violations: [{ invariant: 'stuck', orderId: stuckId, detail: 'still COMPENSATION_FAILED' }] });

    expect(report).toMatch(/BROKEN\s+none stuck.*\(1 violation\)/);
    expect(report).toContain(`[stuck] order ${stuckId}: still COMPENSATION_FAILED`);
    expect(report).toContain('history: PENDING 00:00:21.000 (customer: placed) → COMPENSATION_FAILED 00:01:30.000');
  });
});

describe('the chart of the saga\'s latency', () => {
  const svg = sagaChart(sagaPoints({ record, evidence }), [{ kind: 'kill-functions', fromSeconds: 15, toSeconds: 25 }], 'A <run>');

  it('is an SVG with a dot per ended order, a mark per order that never ended, and the fault window', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle cx=[^/]*fill-opacity="0.75">/g)).toHaveLength(1);
    expect(svg).toContain(`${stuckId}: COMPENSATION_FAILED, never ended`);
    expect(svg).toContain('<title>kill-functions: 15.0–25.0 s</title>');
  });

  it('escapes what it writes as text', () => {
    expect(svg).toContain('A &lt;run&gt;');
    expect(svg).not.toContain('<run>');
  });
});
