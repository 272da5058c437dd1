import type { ChildProcess } from 'node:child_process';

/** Stops the stack the way Ctrl-C does, and fails the run if it does not stop cleanly. */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { shopStack?: ChildProcess }).shopStack;
  if (stack === undefined || stack.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
  stack.kill('SIGTERM');
  const timer = setTimeout(() => stack.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`The local stack exited with ${code} on SIGTERM (see .local/integration-stack-<pid>.log).`);
}
