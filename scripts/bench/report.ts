/** The bench's results, their verdicts, and how they are shown: aligned tables with units, or JSON. */
import { availableParallelism } from 'node:os';
import type { BundleAnalysis } from './bundles.ts';
import { median, type ColdSample } from './cold-init.ts';
import type { ImportCost } from './import-cost.ts';
import { describeSteps, type FloorSteps } from './floor.ts';
import type { HttpStackCost } from './http-stack.ts';
import { floorRps, type LoadOptions, type LoadResult } from './load.ts';

export const TARGETS = { zipBytes: 200_000, initMarginMs: 25, efficiency: 0.7 };

export type FunctionResult = {
  key: string;
  /** What the representative event asks, or "(none)". */
  event: string;
  zipBytes: number;
  bundle: BundleAnalysis;
  floorBytes?: number;
  beyondFloor: Array<[owner: string, bytes: number]>;
  /** What the floor does: the steps the job demands of any code, or none (one cheap call per client; floor.ts). */
  floorSteps: FloorSteps;
  /** Medians and differences. */
  cold?: {
    ours: ColdSample;
    floor: ColdSample;
    /** Judged: the median of each round's difference in load + call (see pairedDelta). */
    deltaMs: number;
    /** The medians' difference in total, shown: boot's noise included. */
    totalDeltaMs: number;
    /** Where the job's floor makes store requests: ours against the floor without them (withoutStore), shown. */
    withoutStoreDeltaMs?: number;
    samples: { ours: ColdSample[]; floor: ColdSample[]; withoutStore: ColdSample[] };
  };
  /** Why cold init has no figures: skipped (no event, no floor recipe) or failed (crash, wrong answer). */
  coldProblem?: { skipped: boolean; reason: string };
};

export type LoadSection = {
  product: LoadResult;
  /** GET /health: the gateway's floor. */
  health: LoadResult;
  /** The same GetItem through the SDK from a node process: the store's floor. */
  store: LoadResult;
  /** The same GetItem replayed as one signed request: the store alone, with no client's cost. */
  storeAlone: LoadResult;
  /** product against the gateway and the store's floor: the figure judged. */
  efficiency: number;
  /** product against the gateway and the store alone: shown, not judged. */
  efficiencyStoreAlone: number;
  /** Each measured round; the figures above are each target's over all of them (mean rate, median latencies). */
  rounds: LoadRound[];
  /** Our HTTP stack's own cost per call, in process with no I/O: what of a request's cost is our code's. */
  httpStack: HttpStackCost;
};

export type LoadRound = { product: LoadResult; health: LoadResult; store: LoadResult; efficiency: number };

/** The 1-minute load average before and after a phase: how busy the machine was while it ran. */
export type Busy = { before: number; after: number };

export type Settings = { snapshot: string; runs: number; loadOptions: LoadOptions; inProcess: boolean; coldBusy: Busy; loadBusy: Busy };

type Verdict = 'PASS' | 'FAIL' | 'SKIP';

const zipVerdict = (r: FunctionResult): Verdict => (r.zipBytes <= TARGETS.zipBytes ? 'PASS' : 'FAIL');
function initVerdict(r: FunctionResult): Verdict {
  if (r.cold !== undefined) return r.cold.deltaMs <= TARGETS.initMarginMs ? 'PASS' : 'FAIL';
  return r.coldProblem?.skipped === true ? 'SKIP' : 'FAIL';
}
const loadAnswered = (r: LoadResult) => r.requests > 0 && r.failures === 0;
const allAnswered = (load: LoadSection) =>
  [...load.rounds.flatMap((round) => [round.product, round.health, round.store]), load.storeAlone].every(loadAnswered);
const efficiencyVerdict = (load: LoadSection): Verdict => (load.efficiency >= TARGETS.efficiency && allAnswered(load) ? 'PASS' : 'FAIL');

/** One line per target, and whether all of them pass (skipped functions do not fail a target). */
export function summarise(results: FunctionResult[], load: LoadSection): { lines: string[]; pass: boolean } {
  const count = (verdict: (r: FunctionResult) => Verdict, wanted: Verdict) => results.filter((r) => verdict(r) === wanted).length;
  const zipsOk = count(zipVerdict, 'PASS') === results.length;
  const largest = [...results].sort((a, b) => b.zipBytes - a.zipBytes)[0];
  const measured = results.filter((r) => initVerdict(r) !== 'SKIP');
  const initsOk = count(initVerdict, 'FAIL') === 0;
  const over = results
    .filter((r) => initVerdict(r) === 'FAIL')
    .map((r) => (r.cold === undefined ? `${r.key} (failed)` : `${r.key} ${signedMs(r.cold.deltaMs)} ms`));
  const skipped = results.filter((r) => initVerdict(r) === 'SKIP').map((r) => r.key);
  const efficiency = efficiencyVerdict(load);
  return {
    lines: [
      `${verdict(zipsOk)}  zip <= ${kB(TARGETS.zipBytes)} kB: ${count(zipVerdict, 'PASS')}/${results.length} functions (largest: ${largest?.key} ${kB(largest?.zipBytes ?? 0)} kB)`,
      `${verdict(initsOk)}  cold init <= floor + ${TARGETS.initMarginMs} ms: ${count(initVerdict, 'PASS')}/${measured.length} measured functions` +
        (over.length > 0 ? `; over: ${over.join(', ')}` : '') +
        (skipped.length > 0 ? `; not measured: ${skipped.join(', ')}` : '') +
        `; node's boot took ${ms(bootMedian(results))} ms (how fast the machine ran)`,
      `${efficiency}  gateway efficiency >= ${TARGETS.efficiency}: ${load.efficiency.toFixed(2)} against the SDK's GetItem` +
        ` (${load.efficiencyStoreAlone.toFixed(2)} against the store alone)` +
        (allAnswered(load) ? '' : '; some load requests failed, or none were answered'),
    ],
    pass: zipsOk && initsOk && efficiency === 'PASS',
  };
}

export function toJson(results: FunctionResult[], load: LoadSection, costs: ImportCost[] | undefined, settings: Settings): string {
  const { lines, pass } = summarise(results, load);
  return JSON.stringify(
    {
      settings,
      targets: TARGETS,
      functions: results.map((r) => ({
        ...r,
        bundle: { bytes: r.bundle.bundleBytes, matchesPackage: r.bundle.matchesPackage, sdkClients: r.bundle.sdkClients },
        zip: zipVerdict(r),
        init: initVerdict(r),
      })),
      load: { ...load, verdict: efficiencyVerdict(load) },
      ...(costs === undefined ? {} : { importCosts: costs }),
      summary: lines,
      pass,
    },
    null,
    2,
  );
}

export function toText(results: FunctionResult[], load: LoadSection, costs: ImportCost[] | undefined, settings: Settings): string {
  const out: string[] = [`\nBench of ${settings.snapshot}`];

  out.push(`\nPackages (serverless package --stage bench; 1 kB = 1000 bytes; bundle = the minified .mjs in the zip)\n`);
  out.push(
    table(
      [col('function'), col('zip kB', 'right'), col(`<= ${kB(TARGETS.zipBytes)} kB`), col('bundle kB', 'right'), col('floor bundle kB', 'right'), col('SDK clients (= the floor)')],
      results.map((r) => [
        r.key,
        kB(r.zipBytes),
        zipVerdict(r),
        `${kB(r.bundle.bundleBytes)}${r.bundle.matchesPackage ? '' : '*'}`,
        r.floorBytes === undefined ? '-' : kB(r.floorBytes),
        r.bundle.sdkClients.map((name) => name.replace('@aws-sdk/', '')).join(', ') || '(none)',
      ]),
    ),
  );
  if (results.some((r) => !r.bundle.matchesPackage)) out.push('* the rebuild with a metafile differs from the packaged bundle; its breakdown below is approximate');

  out.push(`\nCold init (fresh node ${process.versions.node} per run; median of ${settings.runs} after 1 warm-up; ms; ${describeBusy(settings.coldBusy)})`);
  out.push('total = spawn to answer; boot = node start, then node:http: Lambda\'s runtime has loaded it before it imports a handler, so both sides');
  out.push('  load it before the timed load (it is in boot and total for ours and the floor alike, never in load);');
  out.push('load = import of the bundle (module scope included); call = first invocation with its I/O;');
  out.push('floor = a bundle of the same SDK clients built at module scope that answers the event doing what the job demands of any');
  out.push('  code, as its issue words it ("floor does": steps in order, parts of a step side by side): store requests through the bare');
  out.push('  SDK (read = a consistent Get, write = a conditional Put, update = an UpdateItem, delete, transact-2 = a TransactWriteItems');
  out.push('  of 2 Puts, transact-update-put = of an Update and a Put, queue-url = GetQueueUrl, send-message = SendMessage), one scrypt');
  out.push('  with issue 3\'s parameters to store or check a password (hash-password), one ES256 signature with node:crypto to hand out');
  out.push('  an access token (sign-token); where the job is a read, "calls": one cheap real call per client (a Get through the');
  out.push('  DocumentClient, GetQueueUrl). An SSM client is built, never called: the local stack has no SSM, and our users functions,');
  out.push('  given the signing key in SIGNING_KEY_JWK, do not call it either (on AWS their first call would also fetch it from SSM).');
  out.push('  Requests our design makes beyond the job\'s count as ours;');
  out.push('ours-floor (judged) = median over the rounds of (load + call of ours) - (load + call of the floor) in that round: boot is the');
  out.push('  same program on both sides and only adds noise; total diff = difference of the median totals, boot included, for comparison;');
  out.push('vs calls = where the job\'s floor makes store requests, ours-floor against a floor that makes one cheap call per client instead and');
  out.push('  the job\'s crypto (the bench\'s floor until it made the job\'s requests): shown, not judged\n');
  const part = (sample: ColdSample) => [ms(sample.totalMs), ms(sample.bootMs), ms(sample.loadMs), ms(sample.invokeMs)];
  out.push(
    table(
      [
        col('function'), col('event'),
        col('total', 'right'), col('boot', 'right'), col('load', 'right'), col('call', 'right'),
        col('floor', 'right'), col('boot', 'right'), col('load', 'right'), col('call', 'right'),
        col('ours-floor', 'right'), col(`<= +${TARGETS.initMarginMs} ms`), col('total diff', 'right'), col('vs calls', 'right'), col('floor does'),
      ],
      results.map((r) => {
        const does = r.floorSteps.length === 0 ? 'calls' : describeSteps(r.floorSteps);
        if (r.cold === undefined) return [r.key, r.event, ...Array<string>(9).fill('-'), initVerdict(r), '-', '-', does];
        const { ours, floor, deltaMs, totalDeltaMs, withoutStoreDeltaMs } = r.cold;
        const vsCalls = withoutStoreDeltaMs === undefined ? '' : signedMs(withoutStoreDeltaMs);
        return [r.key, r.event, ...part(ours), ...part(floor), signedMs(deltaMs), initVerdict(r), signedMs(totalDeltaMs), vsCalls, does];
      }),
    ),
  );
  for (const r of results) if (r.coldProblem !== undefined) out.push(`  ${r.key}: ${r.coldProblem.reason}`);

  out.push('\nBundle bytes beyond the floor (minified, before zip), biggest first\n');
  out.push(
    table(
      [col('function'), col('+kB', 'right'), col('where (kB)')],
      results.map((r) => {
        const total = r.beyondFloor.reduce((sum, [, bytes]) => sum + bytes, 0);
        const top = r.beyondFloor.slice(0, 6).map(([owner, bytes]) => `${owner} ${kB(bytes)}`);
        return [r.key, kB(total), top.join(', ') + (r.beyondFloor.length > 6 ? ', ...' : '')];
      }),
    ),
  );

  if (costs !== undefined) {
    out.push(`\nImport cost: load time each package adds on top of the floor, imported whole (an upper bound; median of ${settings.runs}; ms)\n`);
    out.push(
      table(
        [col('floor'), col('package'), col('kB in ours', 'right'), col('load', 'right'), col('added', 'right')],
        costs.map((c) => [
          c.clients.map((name) => name.replace('@aws-sdk/', '')).join('+') || '(no SDK)',
          c.what,
          c.bytes > 0 ? kB(c.bytes) : '',
          ms(c.loadMs),
          c.what === '(floor alone)' ? '' : signedMs(c.deltaMs),
        ]),
      ),
    );
  }

  const { connections, durationS, warmupS, rounds } = settings.loadOptions;
  const mode = settings.inProcess
    ? 'stack in process: npm start --in-process, every function in serverless-offline\'s own process'
    : 'stack with worker threads: npm start\'s default, a worker thread per concurrent invocation';
  out.push(`\nThroughput, ${mode}`);
  out.push(
    `(${connections} requests in flight; ${warmupS} s warm-up of the store and of each route, then ${rounds} rounds of ${durationS} s each in turns,` +
      ` every other round in reverse order; each target's mean rate and median latencies over the rounds; every answer checked; ${describeBusy(settings.loadBusy)})`,
  );
  out.push('sent by autocannon, except the SDK row: its own node process sending GetCommand (ConsistentRead, as getProduct does) through the');
  out.push('  DocumentClient, latency from send to answer\n');
  const row = (what: string, r: LoadResult) => [what, r.rps.toFixed(0), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1), String(r.requests), String(r.failures)];
  out.push(
    table(
      [col('target'), col('req/s', 'right'), col('p50 ms', 'right'), col('p99 ms', 'right'), col('requests', 'right'), col('failed', 'right')],
      [
        row('GET /products/{id} via the gateway', load.product),
        row('GET /health via the gateway (gateway floor)', load.health),
        row('GetItem via the SDK from node (store floor)', load.store),
        row('GetItem replayed to DynamoDB Local (store alone, no client cost)', load.storeAlone),
      ],
    ),
  );
  const formula = 'efficiency = product / (1 / (1/health + 1/store)) = ';
  const ratio = (store: LoadResult, efficiency: number) => `${load.product.rps.toFixed(0)} / ${floorRps(load.health, store).toFixed(0)} = ${efficiency.toFixed(2)}`;
  out.push(
    `\n${formula}${ratio(load.store, load.efficiency)}  (target >= ${TARGETS.efficiency}: ${efficiencyVerdict(load)})`,
    `${'with the store alone as store:'.padStart(formula.length - 1)} ${ratio(load.storeAlone, load.efficiencyStoreAlone)}  (not judged)`,
    'The SDK\'s GetItem is the store\'s floor: a function pays that client\'s cost on every call too; no function can reach the store alone.',
    `Our HTTP stack's own cost, in process with no I/O: ${load.httpStack.stackUs.toFixed(1)} µs per call beyond a bare handler` +
      ` (${load.httpStack.oursUs.toFixed(1)} against ${load.httpStack.bareUs.toFixed(1)}), of the ${(1e6 / load.product.rps).toFixed(0)} µs` +
      ' per product request above (1 / its rate).',
    `Rounds (req/s): ${load.rounds.map((r, i) => `${i + 1}: product ${r.product.rps.toFixed(0)}, health ${r.health.rps.toFixed(0)}, SDK ${r.store.rps.toFixed(0)} -> ${r.efficiency.toFixed(2)}`).join('; ')}`,
  );

  out.push('\nSummary', ...summarise(results, load).lines, '');
  return out.join('\n');
}

type Column = { title: string; align: 'left' | 'right' };
const col = (title: string, align: Column['align'] = 'left'): Column => ({ title, align });

function table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((column, i) => Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.title)), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** kB of 1000 bytes: the stricter reading of "200 KB". */
const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
const ms = (value: number): string => value.toFixed(0);
/** One decimal, so a difference just over the margin does not read as the margin itself. */
const signedMs = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
const verdict = (pass: boolean): Verdict => (pass ? 'PASS' : 'FAIL');
/**
 * The median of node's boot over every cold run, ours and floors: the same program each time, so it
 * tells how fast the machine ran (every cold-init figure grows with it; on a VM it varies by half).
 */
const bootMedian = (results: FunctionResult[]): number =>
  median(results.flatMap((r) => (r.cold === undefined ? [] : [...r.cold.samples.ours, ...r.cold.samples.floor].map((sample) => sample.bootMs))));

const describeBusy = ({ before, after }: Busy): string =>
  `${availableParallelism()} cores, 1-min load average ${before.toFixed(1)} before, ${after.toFixed(1)} after`;
