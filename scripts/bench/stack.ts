/**
 * The bench's own local stack: the one `npm start` runs, on free ports, with data in memory, so it
 * never meets another engineer's stack or data. Started like test/integration/global-setup.ts does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type Endpoints = { stage: string; api: string; lambda: string; dynamodb: string; sqs: string; region: string };

/** Everything the bench signs goes to the local stack; never real credentials. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export type Stack = {
  /** Resolves once the stack answers GET /health (start.ts writes the ready file only then). */
  ready: Promise<Endpoints>;
  /** SIGTERM, as Ctrl-C would; SIGKILL to its process group if it has not gone after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

const START_TIMEOUT_MS = 120_000;

export type StackOptions = {
  /** npm start's --in-process: every function in serverless-offline's own process, no worker threads. */
  inProcess: boolean;
  /** The private JWK the users service signs with; the bench's cold runs are given the same one. */
  signingKey: string;
};

export function launchStack(root: string, stage: string, workDir: string, logFile: string, { inProcess, signingKey }: StackOptions): Stack {
  const readyFile = join(workDir, 'stack-ready.json');
  rmSync(readyFile, { force: true });
  const log = openSync(logFile, 'w');
  const ports = ['--http-port', '0', '--lambda-port', '0', '--dynamodb-port', '0', '--sqs-port', '0'];
  // Its own process group: Ctrl-C reaches only the bench, which then stops the stack in order, and a
  // last-resort SIGKILL can take DynamoDB Local and serverless-offline down with it.
  const child = spawn(
    process.execPath,
    ['scripts/local/start.ts', '--stage', stage, '--ephemeral', ...ports, '--ready-file', readyFile, ...(inProcess ? ['--in-process'] : [])],
    // start.ts signs with SIGNING_KEY_JWK when set (else, with --ephemeral, a key nobody else knows).
    { cwd: root, stdio: ['ignore', log, log], detached: true, env: { ...process.env, SIGNING_KEY_JWK: signingKey } },
  );
  closeSync(log); // the child has its own copy
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    ready: waitForReadyFile(child, readyFile, logFile),
    stop: (graceMs = 30_000) => stopGroup(child, exited, graceMs),
  };
}

async function waitForReadyFile(child: ChildProcess, readyFile: string, logFile: string): Promise<Endpoints> {
  const started = Date.now();
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > START_TIMEOUT_MS) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`The local stack did not start (log: ${logFile}):\n${tail}`);
    }
    await sleep(100);
  }
  return JSON.parse(readFileSync(readyFile, 'utf8')) as Endpoints;
}

async function stopGroup(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.pid === undefined) return;
  const group = -child.pid;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // Stopped while still starting, start.ts may not yet know of an emulator it was starting: whatever
  // is left in the group it led (DynamoDB Local's JVM, say) goes too.
  for (let waited = 0; signalGroup(group, 0) && waited < 5000; waited += 100) {
    if (waited === 0) signalGroup(group, 'SIGTERM');
    await sleep(100);
  }
  signalGroup(group, 'SIGKILL');
}

/** Signals a process group; false when it has no process left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, signal);
    return true;
  } catch {
    return false;
  }
}
