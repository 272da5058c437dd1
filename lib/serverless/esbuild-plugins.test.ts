import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import plugins from './esbuild-plugins.ts';

const BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
const SOURCE = "import { STATUS_CODES } from 'node:http'; import * as https from 'https'; import { randomUUID } from 'node:crypto'; process.stdout.write(JSON.stringify([STATUS_CODES[404], typeof https.Agent, typeof randomUUID]));";

describe('the esbuild plugins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esbuild-plugins-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bundle Node built-ins through require, with every export they are asked for', async () => {
    const outfile = join(dir, 'bundle.mjs');
    const { outputFiles } = await build({ stdin: { contents: SOURCE, loader: 'js' }, bundle: true, platform: 'node', format: 'esm', banner: { js: BANNER }, plugins, write: false, outfile });
    const code = outputFiles[0]?.text ?? '';
    writeFileSync(outfile, code);

    expect(code.replace(BANNER, '')).not.toMatch(/\bfrom\s*["'](node:)?(http|https|crypto)["']/);
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['Not Found', 'function', 'function']);
  });
});
