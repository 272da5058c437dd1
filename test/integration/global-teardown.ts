import type { LaunchedStack } from '../../scripts/local/launch.ts';

/** Stops the stack the way Ctrl-C does, and fails the run if it does not stop cleanly. */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { shopStack?: LaunchedStack }).shopStack;
  if (stack === undefined) return;
  const code = await stack.stop();
  if (code !== 0) throw new Error(`The local stack exited with ${code} on SIGTERM (see .local/integration-stack-<pid>.log).`);
}
