import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryFaults, duplicateUntilText } from './delivery-faults.ts';

describe('the local event source\'s delivery faults, read from a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'delivery-faults-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('duplicates until the time the file names, and not after', () => {
    const file = join(dir, 'faults.json');
    writeFileSync(file, duplicateUntilText(new Date('2030-01-01T00:00:10Z')));
    const faults = deliveryFaults(file);

    expect(faults.duplicating(new Date('2030-01-01T00:00:09Z'))).toBe(true);
    expect(faults.duplicating(new Date('2030-01-01T00:00:11Z'))).toBe(false);
  });

  it('sees a change of the file within a second', () => {
    const file = join(dir, 'faults.json');
    const faults = deliveryFaults(file);
    const t0 = new Date('2030-01-01T00:00:00Z');
    expect(faults.duplicating(t0)).toBe(false);

    writeFileSync(file, duplicateUntilText(new Date('2030-01-01T00:01:00Z')));

    expect(faults.duplicating(new Date(t0.getTime() + 1000))).toBe(true);
  });

  it('means no faults without a file, or with one it cannot read', () => {
    const file = join(dir, 'faults.json');
    writeFileSync(file, 'not json');

    expect(deliveryFaults(undefined).duplicating()).toBe(false);
    expect(deliveryFaults(join(dir, 'missing.json')).duplicating()).toBe(false);
    expect(deliveryFaults(file).duplicating()).toBe(false);
  });
});
