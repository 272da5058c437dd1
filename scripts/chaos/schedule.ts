/**
 * The faults a chaos run injects and when: a schedule, printed before the run and chosen with
 * `--faults` (`kind@second` for a fault that happens once, `kind@second+seconds` for one that lasts).
 */
export const FAULT_KINDS = {
  'kill-functions': { lasts: false, what: "kill -9 of the functions' process (serverless offline); the supervisor restarts it" },
  'restart-dynamodb': { lasts: false, what: 'DynamoDB Local stopped; the supervisor starts it again on its data' },
  poison: { lasts: false, what: 'a message no consumer can take, on each queue' },
  duplicates: { lasts: true, what: 'every message delivered twice' },
  'provider-outage': { lasts: true, what: 'the payment provider down (503 to every call)' },
  'provider-slow': { lasts: true, what: 'the payment provider slow (2 s before each call is acted on)' },
  'provider-errors': { lasts: true, what: 'the payment provider failing 30% of calls (500)' },
  'provider-declines': { lasts: true, what: "the payment provider declining one customer in five's cards" },
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;
export type Fault = { kind: FaultKind; atSeconds: number; seconds?: number };

/** Where each fault falls in a run of `durationSeconds` by default: every kind once, spread over the run, a few overlapping. */
export function defaultSchedule(durationSeconds: number): Fault[] {
  const at = (share: number) => Math.round(share * durationSeconds);
  const lasting = (kind: FaultKind, from: number, to: number, most = Number.POSITIVE_INFINITY): Fault => ({
    kind,
    atSeconds: at(from),
    seconds: Math.max(1, Math.min(most, at(to) - at(from))),
  });
  const once = (kind: FaultKind, share: number): Fault => ({ kind, atSeconds: at(share) });
  return [
    once('poison', 0.05),
    lasting('provider-declines', 0.1, 0.9),
    lasting('provider-outage', 0.15, 1, 30),
    lasting('duplicates', 0.4, 0.55),
    once('restart-dynamodb', 0.5),
    lasting('provider-slow', 0.6, 0.7),
    lasting('provider-errors', 0.72, 0.82),
    // Last: a restart of the functions takes the longest (their bundles are built again).
    once('kill-functions', 0.85),
  ].sort((a, b) => a.atSeconds - b.atSeconds);
}

/** `--faults`: `default`, `none`, or a list such as `kill-functions@20,provider-outage@40+30`. */
export function parseFaults(text: string, durationSeconds: number): Fault[] {
  if (text === 'default') return defaultSchedule(durationSeconds);
  if (text === 'none') return [];
  return text
    .split(',')
    .map((part) => {
      const match = /^([a-z-]+)@(\d+(?:\.\d+)?)(?:\+(\d+(?:\.\d+)?))?$/.exec(part.trim());
      if (match === null) throw new Error(`--faults: "${part}" is not kind@second or kind@second+seconds`);
      const [, name = '', at = '', seconds] = match;
      if (!(name in FAULT_KINDS)) throw new Error(`--faults: unknown fault "${name}" (known: ${Object.keys(FAULT_KINDS).join(', ')})`);
      const kind = name as FaultKind;
      if (FAULT_KINDS[kind].lasts !== (seconds !== undefined)) {
        throw new Error(`--faults: ${kind} ${FAULT_KINDS[kind].lasts ? 'lasts: give it as kind@second+seconds' : 'happens once: give it as kind@second'}`);
      }
      if (Number(at) > durationSeconds) throw new Error(`--faults: ${part} starts after the run's ${durationSeconds} s`);
      return { kind, atSeconds: Number(at), ...(seconds === undefined ? {} : { seconds: Number(seconds) }) };
    })
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

export function formatSchedule(faults: readonly Fault[]): string {
  if (faults.length === 0) return 'Faults: none';
  const lines = faults.map(({ kind, atSeconds, seconds }) => {
    const when = seconds === undefined ? `at ${atSeconds} s` : `from ${atSeconds} s to ${atSeconds + seconds} s`;
    return `  ${when.padEnd(22)} ${kind.padEnd(18)} ${FAULT_KINDS[kind].what}`;
  });
  return ['Faults (seconds from the start of the load):', ...lines].join('\n');
}
