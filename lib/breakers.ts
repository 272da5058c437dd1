/**
 * What the services' circuit breakers did, for the operator. Each container holds its own breaker
 * (cockatiel keeps its state in memory): what is kept here is the last change any container of the
 * function reported, with when and which container, not the state of every container at once.
 */
import { randomUUID } from 'node:crypto';
import { CircuitState, type CircuitBreakerPolicy } from 'cockatiel';
import type { Clock } from './clock.ts';
import { logger } from './logger.ts';

export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** A breaker's change of state, as one container saw it. */
export type BreakerChange = Readonly<{ dependency: string; state: BreakerState; at: string; container: string }>;

/** Where a service keeps the latest change of each of its breakers (an item of its own table). */
export interface BreakerLog {
  /** Keeps `change` as its breaker's latest, unless a later change of that breaker is kept already. */
  record(change: BreakerChange): Promise<void>;
  /** The latest change kept of each breaker named, leaving out those never recorded. */
  latest(dependencies: readonly string[]): Promise<BreakerChange[]>;
}

/** A breaker as the operator's page shows it; one never recorded is closed since its containers started. */
export type BreakerView = {
  dependency: string;
  state: BreakerState;
  /** When the last change was seen, or null when none was recorded. */
  changedAt: string | null;
  ageSeconds: number | null;
  /** The container that saw it (the name it took when it started), or null. */
  container: string | null;
};

/** Each breaker's latest recorded state and how long ago it changed. */
export async function breakerStates({ log, clock }: { log: BreakerLog; clock: Clock }, dependencies: readonly string[]): Promise<BreakerView[]> {
  const changes = new Map((await log.latest(dependencies)).map((change) => [change.dependency, change]));
  const now = clock.now().getTime();
  return dependencies.map((dependency) => {
    const change = changes.get(dependency);
    return change === undefined
      ? { dependency, state: 'closed', changedAt: null, ageSeconds: null, container: null }
      : { dependency, state: change.state, changedAt: change.at, ageSeconds: Math.max(0, Math.round((now - Date.parse(change.at)) / 1000)), container: change.container };
  });
}

/** This container's name for its breakers' records: containers share nothing else to be told apart by. */
const THIS_CONTAINER = randomUUID().slice(0, 8);

const STATES: Partial<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
};

/**
 * Watches one cockatiel breaker of this container: each change of state is recorded in the log and
 * told to `onChange` (a metric when it opens). Recording is best effort: a failure is logged and the
 * call the breaker guards goes on, since what the breaker does matters more than its record. The
 * adapter awaits `settled()` before its call returns, so no record is left unsent in a frozen container.
 */
export class BreakerWatch {
  readonly #dependency: string;
  readonly #log: BreakerLog;
  readonly #clock: Clock;
  readonly #container: string;
  readonly #onChange: (state: BreakerState) => void;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    dependency: string,
    { log, clock, container = THIS_CONTAINER, onChange = () => {} }: { log: BreakerLog; clock: Clock; container?: string; onChange?: (state: BreakerState) => void },
  ) {
    this.#dependency = dependency;
    this.#log = log;
    this.#clock = clock;
    this.#container = container;
    this.#onChange = onChange;
  }

  attach(breaker: CircuitBreakerPolicy): void {
    breaker.onStateChange((circuit) => {
      const state = STATES[circuit];
      if (state !== undefined) this.changed(state);
    });
  }

  changed(state: BreakerState): void {
    this.#onChange(state);
    const change = { dependency: this.#dependency, state, at: this.#clock.now().toISOString(), container: this.#container };
    const recording = this.#log.record(change).catch((error: unknown) => logger.warn('breaker change not recorded', { change, error: error as Error }));
    this.#pending.add(recording);
    void recording.finally(() => this.#pending.delete(recording));
  }

  /** Once every change seen so far is recorded (or its failure logged). */
  async settled(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
