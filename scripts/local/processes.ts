/** Child processes of the local stack: how they end, and how to stop them with all they started. */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function exitOf(child: ChildProcess, describe: () => string): Promise<string> {
  return new Promise((resolve) => child.once('exit', () => resolve(describe())));
}

/**
 * Stops a child started with `detached: true` and everything it started (serverless, say, runs an
 * esbuild service): SIGTERM to its process group, SIGKILL to what is left after `graceMs`, and
 * return only once the group is empty.
 */
export async function stopChild(child: ChildProcess, graceMs = 8000): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (signalGroup(group, 0)) {
    if (Date.now() > deadline) signalGroup(group, 'SIGKILL');
    await sleep(50);
  }
}

/** Sends `signal` to the process group; false when no process is left in it. */
export function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks `probe` every 100 ms until it says yes (true) or `limitMs` has passed (false). A probe that
 * throws means "not yet": a server that is not listening yet refuses the connection.
 */
export async function pollUntil(probe: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      if (await probe()) return true;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}
