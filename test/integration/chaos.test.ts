/**
 * The short chaos run of `npm test`: `npm run chaos` itself, on a stack of its own, with tens of orders
 * and a few faults (poison, duplicate deliveries, a provider failing and declining, DynamoDB Local
 * restarted), ends with every invariant held, its report printed and its chart written.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { START_TIMEOUT_MS, STOP_GRACE_MS } from '../../scripts/local/launch.ts';

const ROOT = resolve(__dirname, '../..');
const FAULTS = 'poison@1,provider-declines@1+15,duplicates@2+10,provider-errors@4+8,restart-dynamodb@8';
/** The stack's start and stop at the launcher's limits, the load's 20 s, the orders' ending and the poison's way to the DLQs, with room for a busy machine. */
const RUN_MS = START_TIMEOUT_MS + STOP_GRACE_MS + 240_000;

function chaos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Keep its stack off real or LocalStack endpoints, whatever the outer run uses.
  const { AWS_ENDPOINT_URL: _a, AWS_ENDPOINT_URL_DYNAMODB: _d, AWS_ENDPOINT_URL_SQS: _s, AWS_ENDPOINT_URL_SSM: _m, AWS_ENDPOINT_URL_SESV2: _e, ...env } = process.env;
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(ROOT, 'scripts/chaos/chaos.ts'), ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run chaos, short', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'keeps every invariant through its faults, and says so in its report and chart',
    async () => {
      const chart = join(dir, 'chaos.svg');

      const { code, stdout, stderr } = await chaos(['--orders', '24', '--duration', '20', '--rate', '2', '--faults', FAULTS, '--chart', chart]);

      expect({ code, stderr: code === 0 ? '' : stderr.slice(-3000), stdout: code === 0 ? '' : stdout }).toEqual({ code: 0, stderr: '', stdout: '' });
      expect(stdout).toContain('from 2 s to 12 s       duplicates');
      expect(stdout.match(/^ {2}held {4}/gm)).toHaveLength(7);
      expect(stdout).toMatch(/Faults injected: .*restart-dynamodb ×1/);
      expect(stdout).toMatch(/Orders by final state: .*CONFIRMED \d+/);
      expect(readFileSync(chart, 'utf8')).toContain('<title>restart-dynamodb');
    },
    RUN_MS,
  );
});
