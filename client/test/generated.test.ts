/** The committed SDK (client/src/generated/) is what the generator makes of the committed document. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const CLIENT = resolve(__dirname, '..');
const GENERATED = join(CLIENT, 'src/generated');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

describe('the generated SDK', () => {
  it('is up to date with docs/openapi.json (else: npm run generate -w client)', () => {
    const out = mkdtempSync(join(tmpdir(), 'shop-client-'));
    try {
      const run = spawnSync(process.execPath, [resolve(CLIENT, '../node_modules/@hey-api/openapi-ts/bin/run.js'), '-f', 'openapi-ts.config.ts', '-o', out], {
        cwd: CLIENT,
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);

      expect(filesUnder(out)).toEqual(filesUnder(GENERATED));
      for (const file of filesUnder(out)) {
        expect({ file, text: readFileSync(join(GENERATED, file), 'utf8') }).toEqual({ file, text: readFileSync(join(out, file), 'utf8') });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
