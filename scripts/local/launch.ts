/**
 * Starts the stack `npm start` runs as a child process, for the programs that need one of their own
 * (the integration tests, the bench): it waits for start.ts's ready file, says why when the stack
 * does not come up, and stops it as Ctrl-C would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, signalGroup } from './processes.ts';

/** What start.ts writes to its ready file. */
export type Endpoints = {
  stage: string;
  api: string;
  lambda: string;
  dynamodb: string;
  sqs: string;
  ssm: string;
  ses: string;
  paymentProvider: string;
  region: string;
  /** The file that notes the pids of its parts (owned-processes.ts). */
  processes: string;
};

/** Every port left to the OS: the stack meets no other stack. */
export const ANY_PORTS = [
  ...['--http-port', '0', '--lambda-port', '0', '--dynamodb-port', '0', '--sqs-port', '0', '--ssm-port', '0'],
  ...['--ses-port', '0', '--payment-provider-port', '0'],
];

export type LaunchOptions = {
  /** The checkout whose scripts/local/start.ts runs (the bench runs a snapshot). */
  root: string;
  /** start.ts's options, --ready-file aside. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Where the stack's output goes. */
  logFile: string;
  readyFile: string;
  /**
   * Its own process group: Ctrl-C then reaches only the launcher, which stops the stack in order, and
   * stop() can take down what the stack was still starting. Without it the stack gets Ctrl-C too.
   */
  detached?: boolean;
  /** Run it as `npm start -- …` does (npm, a shell, then node), not node start.ts itself. */
  throughNpm?: boolean;
};

export type LaunchedStack = {
  child: ChildProcess;
  /** The endpoints, once the stack answers GET /health (start.ts writes the ready file only then). */
  ready: Promise<Endpoints>;
  /** SIGTERM, as Ctrl-C would, SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
};

/** The longest a start may take before it counts as failed: a busy machine's start, with room to spare. */
export const START_TIMEOUT_MS = 120_000;
/** How long stop() lets the stack stop on SIGTERM before SIGKILL, by default. */
export const STOP_GRACE_MS = 30_000;

export function launchStack({ root, args, env, logFile, readyFile, detached = false, throughNpm = false }: LaunchOptions): LaunchedStack {
  rmSync(readyFile, { force: true });
  const log = openSync(logFile, 'w');
  const options = [...args, '--ready-file', readyFile];
  const [command, commandArgs] = throughNpm
    ? ['npm', ['start', '--', ...options]]
    : // As package.json's start script runs it: fauxqs's node:sqlite warns that it is experimental on every start.
      [process.execPath, ['--disable-warning=ExperimentalWarning', join(root, 'scripts/local/start.ts'), ...options]];
  const child = spawn(command, commandArgs, {
    cwd: root,
    stdio: ['ignore', log, log],
    detached,
    env,
  });
  closeSync(log); // the child has its own copy
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    ready: waitForReadyFile(child, readyFile, logFile),
    stop: (graceMs = STOP_GRACE_MS) => stop(child, exited, detached, graceMs),
  };
}

async function waitForReadyFile(child: ChildProcess, readyFile: string, logFile: string): Promise<Endpoints> {
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  await pollUntil(async () => existsSync(readyFile) || hasExited(), START_TIMEOUT_MS);
  if (!existsSync(readyFile)) {
    child.kill('SIGTERM');
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`The local stack did not start (log: ${logFile}):\n${tail}`);
  }
  const endpoints = JSON.parse(readFileSync(readyFile, 'utf8')) as Endpoints;
  rmSync(readyFile, { force: true });
  return endpoints;
}

async function stop(child: ChildProcess, exited: Promise<number | null>, detached: boolean, graceMs: number): Promise<number | null> {
  const group = detached ? child.pid : undefined;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => (group === undefined ? child.kill('SIGKILL') : signalGroup(group, 'SIGKILL')), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // Stopped while still starting, start.ts may not have known of an emulator it was starting yet:
  // whatever is left in the group it led (DynamoDB Local's JVM, say) goes too.
  if (group !== undefined && signalGroup(group, 'SIGTERM')) {
    await pollUntil(async () => !signalGroup(group, 0), 5000);
    signalGroup(group, 'SIGKILL');
  }
  return exited;
}
