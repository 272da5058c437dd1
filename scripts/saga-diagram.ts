/**
 * Writes the order saga's diagram, drawn from its table (functions/orders/domain/saga-diagram.ts), into
 * docs/saga.md between its markers: `npm run docs:saga`. A unit test fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sagaDiagram } from '../functions/orders/domain/saga-diagram.ts';
import { withDiagram } from './saga-doc.ts';

const file = join(import.meta.dirname, '..', 'docs', 'saga.md');
writeFileSync(file, withDiagram(readFileSync(file, 'utf8'), sagaDiagram()));
console.log(`Wrote the saga's diagram into ${file}.`);
