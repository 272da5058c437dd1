/**
 * The bench measures a snapshot of the service, never the live working tree:
 * - osls's `package` deletes <service>/.serverless at its end even when told `--package <dir>`, and
 *   serverless-esbuild deletes its whole work folder (.esbuild/, where running stacks keep their bundles);
 * - under `sls offline`, serverless-esbuild rebuilds every bundle and serverless-offline drops every warm
 *   Lambda worker whenever any .ts/.js file under the service changes, so another engineer's edit (or
 *   test run) would restart a stack in the middle of a measurement;
 * - what is packaged, started and analysed is then the same code, even while others edit.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

// Not copied from a working tree: what is big, what is another run's output, what is not the service.
const NOT_COPIED = new Set(['node_modules', '.git', '.esbuild', '.serverless', '.local', 'coverage']);

/**
 * A copy of the service at `from` (its working tree, or the commit `ref` when given) in `to`, sharing
 * node_modules with `from`.
 */
export function snapshotService(from: string, to: string, ref?: string): string {
  if (ref === undefined) {
    cpSync(from, to, { recursive: true, filter: (source) => !NOT_COPIED.has(relative(from, source).split('/')[0] ?? '') });
  } else {
    mkdirSync(to, { recursive: true });
    const tarball = execFileSync('git', ['-C', from, 'archive', '--format=tar', ref], { maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', to], { input: tarball });
  }
  symlinkSync(realpathSync(join(from, 'node_modules')), join(to, 'node_modules'), 'dir');
  return to;
}
