import { ORDER_STATES } from './order.ts';
import { SAGA } from './saga.ts';

/**
 * The saga's table as a mermaid state diagram: one arrow per row (a row from several states, one from
 * each), labelled with its event, its guard in brackets and what it sends after a slash. docs/saga.md
 * shows it; a test fails when the two differ.
 */
export function sagaDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> PENDING: placed / ReserveStock'];
  for (const row of SAGA) {
    if (row.to === 'unchanged') continue;
    const label = [row.on, row.when === undefined ? '' : ` [${row.when.label}]`, row.sends === undefined ? '' : ` / ${row.sends.join(', ')}`].join('');
    for (const from of row.from) lines.push(`  ${from} --> ${row.to}: ${label}`);
  }
  for (const [state, { kind }] of Object.entries(ORDER_STATES)) if (kind === 'final') lines.push(`  ${state} --> [*]`);
  return lines.join('\n');
}
