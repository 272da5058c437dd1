/**
 * Injects the faults of a schedule into a local stack started with --restart-on-crash and
 * --delivery-faults, at their times, and notes when each began and when the stack was whole again.
 * A crash kills a part's whole process group by the pid its supervisor noted (owned-processes.ts); the
 * supervisor starts it again. The provider's faults that overlap are set together (its control takes one
 * setting at a time).
 */
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueues, stageQueues } from '../dlq/queues.ts';
import { duplicateUntilText } from '../local/delivery-faults.ts';
import { dynamoDbAnswers } from '../local/emulators.ts';
import type { Endpoints } from '../local/launch.ts';
import { runningGroup } from '../local/owned-processes.ts';
import type { ProviderControl } from '../local/payment-provider.ts';
import type { Fault, FaultKind } from './schedule.ts';

/** A fault as it happened: when it began and ended (ms since the epoch), and what it did. */
export type FaultRun = { kind: FaultKind; startedAt: number; endedAt: number; note: string };
/** A poison message sent: the queue and the marker its body carries. */
export type PoisonSent = { queue: string; deadLetterQueue: string; marker: string };

export type Target = {
  stack: Endpoints;
  sqs: SQSClient;
  deliveryFaultsFile: string;
  /** Whose cards the provider declines while provider-declines lasts. */
  declined: () => string[];
  runId: string;
};

/** How long a crashed part may take to come back before the run gives up on it. */
const BACK_WITHIN_MS = 180_000;

const PROVIDER_FAULTS: Partial<Record<FaultKind, (target: Target) => Partial<ProviderControl>>> = {
  'provider-outage': () => ({ outage: true }),
  'provider-slow': () => ({ latencyMs: 2000 }),
  'provider-errors': () => ({ errorRate: 0.3 }),
  'provider-declines': (target) => ({ declineCustomers: target.declined() }),
};

export class FaultInjector {
  readonly runs: FaultRun[] = [];
  readonly poison: PoisonSent[] = [];
  readonly #target: Target;
  readonly #activeProviderFaults = new Map<number, Partial<ProviderControl>>();
  #nextId = 0;

  constructor(target: Target) {
    this.#target = target;
  }

  /** Runs the schedule from `start` (ms since the epoch); resolves once every fault has ended. */
  async run(schedule: readonly Fault[], start: number, log: (line: string) => void): Promise<void> {
    await Promise.all(
      schedule.map(async (fault) => {
        await sleep(start + fault.atSeconds * 1000 - Date.now());
        const run = await this.#inject(fault);
        this.runs.push(run);
        log(`${((run.startedAt - start) / 1000).toFixed(1)} s  ${run.kind}: ${run.note}`);
      }),
    );
  }

  async #inject(fault: Fault): Promise<FaultRun> {
    const startedAt = Date.now();
    const ended = (note: string): FaultRun => ({ kind: fault.kind, startedAt, endedAt: Date.now(), note });
    const seconds = fault.seconds ?? 0;
    switch (fault.kind) {
      case 'kill-functions':
        return ended(await this.#crash('serverless offline', 'SIGKILL', () => answers(`${this.#target.stack.api}/health`)));
      case 'restart-dynamodb':
        return ended(await this.#crash('DynamoDB Local', 'SIGTERM', () => dynamoDbAnswers(this.#target.stack.dynamodb)));
      case 'poison':
        return ended(await this.#sendPoison());
      case 'duplicates':
        writeFileSync(this.#target.deliveryFaultsFile, duplicateUntilText(new Date(startedAt + seconds * 1000)));
        await sleep(seconds * 1000);
        return ended(`for ${seconds} s`);
      default: {
        const settings = PROVIDER_FAULTS[fault.kind]?.(this.#target) ?? {};
        const id = this.#nextId++;
        this.#activeProviderFaults.set(id, settings);
        await this.#setProvider();
        await sleep(seconds * 1000);
        this.#activeProviderFaults.delete(id);
        await this.#setProvider();
        return ended(`${JSON.stringify(settings)} for ${seconds} s`);
      }
    }
  }

  /** Signals a part's process group, then waits until a new one runs and `back` says it answers. */
  async #crash(part: string, signal: NodeJS.Signals, back: () => Promise<boolean>): Promise<string> {
    const pid = runningGroup(this.#target.stack.processes, part);
    if (pid === undefined) throw new Error(`No ${part} is running to crash.`);
    process.kill(-pid, signal);
    const deadline = Date.now() + BACK_WITHIN_MS;
    for (;;) {
      const now = runningGroup(this.#target.stack.processes, part);
      if (now !== undefined && now !== pid && (await back().catch(() => false))) return `${signal} to pid ${pid}; back as pid ${now}`;
      if (Date.now() > deadline) throw new Error(`${part} did not come back within ${BACK_WITHIN_MS / 1000} s of its ${signal}.`);
      await sleep(250);
    }
  }

  /** One message no consumer can take on each queue that has a DLQ. */
  async #sendPoison(): Promise<string> {
    const queues = await stageQueues(this.#target.sqs, `shop-${this.#target.stack.stage}-`);
    const sent: string[] = [];
    for (const dlq of deadLetterQueues(queues)) {
      for (const source of dlq.sources) {
        const marker = `chaos-poison-${this.#target.runId}-${source.name}`;
        await this.#target.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: JSON.stringify({ poison: marker }) }));
        this.poison.push({ queue: source.name, deadLetterQueue: dlq.name, marker });
        sent.push(source.name);
      }
    }
    return `one on each of ${sent.join(', ')}`;
  }

  async #setProvider(): Promise<void> {
    const control = Object.assign({}, ...this.#activeProviderFaults.values()) as Partial<ProviderControl>;
    const response = await fetch(`${this.#target.stack.paymentProvider}/control`, { method: 'PUT', body: JSON.stringify(control) });
    if (!response.ok) throw new Error(`The payment provider refused its faults: ${await response.text()}`);
  }
}

async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return response.ok;
}
