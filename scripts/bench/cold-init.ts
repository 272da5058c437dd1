/**
 * Cold init: a fresh node 22 process loads a bundle and answers one event, timed from spawn to the
 * answer. Ours and the floor run in turns (ours, floor, ours, floor...) so noise from the other users
 * of the machine falls on both alike; a first round, which also pays for a cold disk cache, is discarded.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { build } from 'esbuild';
import type { Invocation } from './events.ts';
import type { RunnerReport } from './runner.ts';

/** One cold run, ms. total = spawn to answer; boot = node's own start and node:http, which Lambda's
 * runtime has loaded before a handler (see runner.ts); load = import of the bundle (module scope
 * included: clients built, schemas compiled); call = the first invocation, I/O included. */
export type ColdSample = { totalMs: number; bootMs: number; loadMs: number; invokeMs: number };

export type ColdSubject = { file: string; exportName: string; env: Record<string, string>; invocation(n: number): Invocation };

const RUN_TIMEOUT_MS = 30_000;

/** The child script as plain JS (see runner.ts for why). */
export async function compileRunner(root: string, workDir: string): Promise<string> {
  const file = join(workDir, 'runner.mjs');
  await build({ entryPoints: [join(root, 'scripts/bench/runner.ts')], outfile: file, format: 'esm', platform: 'node', target: 'node22', logLevel: 'silent' });
  return file;
}

export async function coldRun(runner: string, subject: ColdSubject, n: number): Promise<ColdSample> {
  const { event, check } = subject.invocation(n);
  const started = performance.now();
  const child = spawn(process.execPath, [runner, subject.file, subject.exportName, JSON.stringify(event)], {
    env: subject.env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let answeredAt: number | undefined;
  let reportText = '';
  let logs = '';
  const [, stdout, stderr, reports] = child.stdio as unknown as [null, Readable, Readable, Readable];
  reports.on('data', (chunk: Buffer) => {
    // The moment the answer is out; the child's exit after it is not part of a cold start.
    answeredAt ??= performance.now();
    reportText += chunk.toString();
  });
  const keepLogs = (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-2000));
  stdout.on('data', keepLogs);
  stderr.on('data', keepLogs);
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(timer);

  const report = parseReport(reportText);
  if (report === undefined || answeredAt === undefined) throw new Error(`no answer (exit ${child.exitCode ?? child.signalCode}): ${logs}`);
  if (!report.ok) throw new Error(`${report.error}\n${logs}`);
  const problem = check(report.response);
  if (problem !== undefined) throw new Error(`wrong answer: ${problem}`);
  return { totalMs: answeredAt - started, bootMs: report.bootMs, loadMs: report.loadMs, invokeMs: report.invokeMs };
}

function parseReport(text: string): RunnerReport | undefined {
  try {
    return JSON.parse(text) as RunnerReport;
  } catch {
    return undefined;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** The median of each part separately (so the parts need not add up to the total exactly). */
export function medianSample(samples: readonly ColdSample[]): ColdSample {
  return {
    totalMs: median(samples.map((s) => s.totalMs)),
    bootMs: median(samples.map((s) => s.bootMs)),
    loadMs: median(samples.map((s) => s.loadMs)),
    invokeMs: median(samples.map((s) => s.invokeMs)),
  };
}

/**
 * Ours minus the floor, judged: the median over rounds of each round's difference in load + call. The
 * two runs of a round are next to each other in time, so a busy spell falls on both; boot is left out,
 * as it is the same program on both sides (node and node:http) and only adds its own noise.
 */
export function pairedDelta(ours: readonly ColdSample[], floor: readonly ColdSample[]): number {
  const own = (sample: ColdSample) => sample.loadMs + sample.invokeMs;
  return median(ours.map((sample, i) => own(sample) - own(floor[i] ?? { totalMs: NaN, bootMs: NaN, loadMs: NaN, invokeMs: NaN })));
}
