import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagramIn } from '../../../scripts/saga-doc.ts';
import { sagaDiagram } from './saga-diagram.ts';

describe('docs/saga.md', () => {
  it('shows the diagram the saga\'s table draws (npm run docs:saga writes it)', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/saga.md'), 'utf8');

    expect(diagramIn(doc)).toBe(sagaDiagram());
  });

  it('draws one arrow per row and state it leaves from, labelled with its event, guard and what it sends', () => {
    const diagram = sagaDiagram();

    expect(diagram).toContain('PENDING --> STOCK_RESERVED: StockReserved [costs something] / ChargePayment');
    expect(diagram).toContain('CONFIRMED --> RELEASING_AND_CANCELLING: CancelRequested / ReleaseStock, RefundPayment');
    expect(diagram).toContain('CANCELLED --> [*]');
    expect(diagram).not.toContain('unchanged');
  });
});
