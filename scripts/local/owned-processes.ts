/**
 * What a running `npm start` has started, written down so that none of it outlives it. Each supervisor
 * keeps a record under .local/run/: its own pid and those of the process groups it started (serverless
 * offline, DynamoDB Local), each with its start time. A watchdog (watchdog.ts) ends those groups the
 * moment the supervisor dies, however it dies (kill -9 included); should the watchdog die with it, the
 * next `npm start` ends them before it checks its ports. A pid is only signalled while it still names
 * the process that was recorded (same start time), so a pid the OS has since given to another program
 * is never touched.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signalGroup } from './processes.ts';

type OwnedProcess = { pid: number; started: string; name: string };
type StackRecord = { supervisor: OwnedProcess; groups: OwnedProcess[] };

/** How long a stale group has to stop on SIGTERM before it gets SIGKILL. */
const GRACE_MS = 5000;

/** When `pid` started, as the OS says; undefined when no such process is running. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return started === '' ? undefined : started;
  } catch {
    return undefined; // ps exits 1 when there is no such process
  }
}

/** True while `owned.pid` is the very process that was recorded, not a later one given the same pid. */
const stillRunning = (owned: OwnedProcess): boolean => startTimeOf(owned.pid) === owned.started;

/** The record of the supervisor running this code, kept in `dir` as the stack starts its parts. */
export class StackLedger {
  readonly file: string;
  readonly #record: StackRecord;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${process.pid}.json`);
    this.#record = { supervisor: { pid: process.pid, started: String(startTimeOf(process.pid)), name: 'npm start' }, groups: [] };
    this.#save();
  }

  /** Notes a child started with `detached: true`: its pid is the id of the process group it leads. */
  addGroup(name: string, pid: number | undefined): void {
    const started = pid === undefined ? undefined : startTimeOf(pid);
    if (pid === undefined || started === undefined) return; // already gone: nothing to end later
    this.#record.groups.push({ pid, started, name });
    this.#save();
  }

  /** Once everything has stopped in order: there is nothing left to end. */
  remove(): void {
    rmSync(this.file, { force: true });
  }

  #save(): void {
    writeFileSync(this.file, JSON.stringify(this.#record));
  }
}

/**
 * The pid of the running process group named `name` in the record in `file` (the newest, should the
 * supervisor have restarted it: --restart-on-crash), or undefined when none runs.
 */
export function runningGroup(file: string, name: string): number | undefined {
  const { groups } = JSON.parse(readFileSync(file, 'utf8')) as StackRecord;
  return groups.filter((group) => group.name === name && stillRunning(group)).at(-1)?.pid;
}

/**
 * Ends the groups of the record in `file` unless its supervisor still runs, then removes the record.
 * Returns what it ended, to say so.
 */
export async function endOrphansOf(file: string): Promise<string[]> {
  let record: StackRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as StackRecord;
  } catch {
    return []; // removed meanwhile (a clean stop), or half written by a supervisor killed while writing
  }
  if (stillRunning(record.supervisor)) return [];
  const ended: string[] = [];
  for (const group of record.groups) {
    if (!stillRunning(group)) continue;
    signalGroup(group.pid, 'SIGTERM');
    const deadline = Date.now() + GRACE_MS;
    while (signalGroup(group.pid, 0)) {
      if (Date.now() > deadline) signalGroup(group.pid, 'SIGKILL');
      await sleep(50);
    }
    ended.push(`${group.name} (pid ${group.pid})`);
  }
  rmSync(file, { force: true });
  return ended;
}

/** Ends what every dead supervisor recorded in `dir` left running; returns what it ended. */
export async function endOrphans(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const ended: string[] = [];
  for (const entry of readdirSync(dir).filter((name) => /^\d+\.json$/.test(name))) {
    ended.push(...(await endOrphansOf(join(dir, entry))));
  }
  return ended;
}
