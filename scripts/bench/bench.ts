/**
 * `npm run bench`: how heavy and how fast the shop is against its floors. It packages every function,
 * starts its own stack on free ports (as `npm start` runs it, data in memory) with its AWS calls going
 * through counting proxies, seeds it through the gateway, measures, and stops it. `-- --help` lists
 * the options; docs/benchmark.md says what each figure means.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { productKey } from '../../functions/catalog/adapters/catalog-table.ts';
import { LOCAL_CREDENTIALS } from '../aws-target.ts';
import { startDynamoDbLocal, startSqsEmulator } from '../local/emulators.ts';
import { ANY_PORTS, launchStack, type Endpoints } from '../local/launch.ts';
import { freePort } from '../local/prerequisites.ts';
import { startSesEmulator } from '../local/ses-emulator.ts';
import { startSsmEmulator } from '../local/ssm-emulator.ts';
import { percentile } from '../percentile.ts';
import { buildFloor, coldRun, compileRunner, floorName, floorSource, type FloorEvent } from './cold-init.ts';
import { askForBilledUnits, dynamoDbCall, sesCall, sqsCall, ssmCall, startCountingProxy, type CountingProxy } from './counting-proxy.ts';
import { scenarios, type Scenario } from './events.ts';
import { lambdaEnv, packageFunctions, type FunctionSpec } from './functions.ts';
import { sdkGetItemRps } from './getitem-floor.ts';
import { loadGet } from './load.ts';
import { costByService, costPerOrder, runSaga } from './saga.ts';
import { seed } from './seed.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'bench';
const PARTS = ['functions', 'gateway', 'load', 'saga'] as const;
type Part = (typeof PARTS)[number];

/**
 * Regression guards, each judged on a figure this machine gives steadily: cold init on the sum of the
 * functions' medians and on the worst median ratio, not on any one function's milliseconds; the
 * gateway on the median of its rounds. The zip is exact. Cold init's guards sit just above what a quiet
 * run gives today, so that a FAIL is a regression and not a standing miss; the goal it has still to
 * reach is printed beside them (COLD_INIT_GOAL). The saga's latency is guarded loosely: on two cores
 * it waits on the local queue pollers, whose pace a quiet run still varies several-fold, so only a
 * gross regression should fail it. The cost guards today's count, which holds the payment written down
 * before it is charged and the operator's byState and byTime indexes (docs/benchmark.md).
 */
const BUDGET = { zipBytes: 250 * 1024, coldSumRatio: 1.32, coldWorstRatio: 2, efficiency: 0.6, p99Ms: 1000, sagaP50Ms: 2000, sagaP99Ms: 5000, dollarsPerMillion: 40 };
/** Where cold init is to come (issue 20): the sum within 1.15 times the floors', no function above 1.5 times its own. */
const COLD_INIT_GOAL = { sumRatio: 1.15, worstRatio: 1.5 };
/** apiDocsRenderer ships Redoc (about a megabyte), which only a reader of GET /docs waits for. */
const ASSET_ZIP_BYTES: Readonly<Record<string, number>> = { apiDocsRenderer: 512 * 1024 };
/** Five short rounds rather than three long ones: a stall (the sweeper's minute, say) spoils one round of five, and the median holds. */
const GATEWAY = { connections: 10, rounds: 5, warmupS: 3 };
const LOAD = { connections: 50, seconds: 15 };
/** Enough buyers that none passes the orders service's 20 a minute. */
const SAGA = { rate: 5, seconds: 20, buyers: 10 };

const HELP = `npm run bench [-- options]
  --rounds <n>     cold-init rounds, ours and the floor in turns, after one discarded warm-up round (default 7)
  --seconds <n>    seconds of each round of the 10-connection gateway test (default 3)
  --only <part>    ${PARTS.join(' | ')}; may be given more than once (default: all)
                     functions: each function's zip, and its cold init beside its floor's
                     gateway:   GET /products/{id} at ${GATEWAY.connections} connections against GET /health and the SDK's GetItem, ${GATEWAY.rounds} rounds
                     load:      GET /products/{id} at ${LOAD.connections} connections for ${LOAD.seconds} s
                     saga:      orders at ${SAGA.rate}/s for ${SAGA.seconds} s: latency to CONFIRMED, AWS calls per order and their price
  --strict         exit 1 when a budget is missed (without it, a miss prints FAIL and exits 0)
Exit code 2: the bench itself failed.`;

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '3' },
    only: { type: 'string', multiple: true },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

/** One cold run's wall time from spawn to answer, and the CPU it spent. */
type Timing = { ms: number; cpuMs: number };

/** One judged figure: what it is, what it came to, its budget, and whether it is met. */
type Verdict = { what: string; figure: string; budget: string; ok: boolean };

const started = Date.now();
const progress = (message: string): void => void process.stderr.write(`bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s: ${message}\n`);
const load = (): string => loadavg()[0]?.toFixed(1) ?? '?';
const cleanups: Array<() => Promise<void> | void> = [];
const report: string[] = [];
const verdicts: Verdict[] = [];

async function main(): Promise<void> {
  const rounds = wholeNumber('rounds');
  const seconds = wholeNumber('seconds');
  const parts = new Set<Part>((flags.only ?? PARTS).map((part) => (PARTS.includes(part as Part) ? (part as Part) : fail(`--only takes ${PARTS.join(', ')}, not "${part}".`))));

  const workDir = mkdtempSync(join(tmpdir(), 'shop-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const stackLog = join(ROOT, '.local', `bench-stack-${process.pid}.log`);
  const counted = await countedEmulators();
  const stack = launchStack({ root: ROOT, args: ['--stage', STAGE, '--ephemeral', ...ANY_PORTS], env: { ...process.env, ...counted.env }, logFile: stackLog, readyFile: join(workDir, 'ready.json'), detached: true });
  cleanups.push(async () => {
    progress('stopping the stack');
    await stack.stop();
  });

  progress(`packaging (serverless package --stage ${STAGE}) and starting a stack on free ports (log: ${stackLog})`);
  const [endpoints, { functions, esbuild }] = await Promise.all([stack.ready, packageFunctions(ROOT, STAGE, join(workDir, 'package'))]);
  progress(`${functions.length} functions packaged; stack up at ${endpoints.api}; seeding`);
  // The emulator's own endpoint, not its counting proxy: the bench's calls are not the shop's.
  const sqs = new SQSClient({ region: endpoints.region, endpoint: counted.sqs, credentials: LOCAL_CREDENTIALS });
  cleanups.push(() => sqs.destroy());
  const seeded = await seed(endpoints, sqs, parts.has('functions') ? rounds + 1 : 0, parts.has('saga') ? SAGA.buyers : 0);
  const getProduct = functions.find((fn) => fn.route?.routeKey === 'GET /products/{id}') ?? fail('No function serves GET /products/{id}.');
  const product = { table: getProduct.environment.CATALOG_TABLE ?? fail(`${getProduct.key} has no CATALOG_TABLE.`), key: productKey(seeded.productId), url: `${endpoints.api}/products/${seeded.productId}` };
  const envOf = (fn: FunctionSpec) => lambdaEnv(fn, endpoints, workDir);

  if (parts.has('functions')) await coldInit(functions, esbuild, scenarios(seeded, endpoints.region), { table: product.table, key: product.key, queue: seeded.replyQueue, api: endpoints.api }, envOf, rounds, workDir);
  if (parts.has('gateway')) await gateway(endpoints, product, seconds, envOf(getProduct));
  if (parts.has('load')) await underLoad(product.url);
  if (parts.has('saga')) await saga({ api: endpoints.api, sqs, stage: STAGE, seeded }, counted.proxies);
  rmSync(stackLog, { force: true }); // worth keeping only when something went wrong
}

/** Per function: its zip, and its cold init beside its floor's, the two in turns, each first every other round. */
async function coldInit(
  functions: FunctionSpec[],
  esbuild: Record<string, unknown>,
  events: Record<string, Scenario>,
  floorEvent: FloorEvent,
  envOf: (fn: FunctionSpec) => Record<string, string>,
  rounds: number,
  workDir: string,
): Promise<void> {
  const runner = await compileRunner(workDir);
  const floors = new Map<string, Promise<string>>();
  const subjects = await Promise.all(
    functions.map(async (fn) => {
      const scenario = events[fn.key] ?? fail(`${fn.key} has no event in scripts/bench/events.ts.`);
      const source = floorSource(fn, scenario);
      if (!floors.has(source)) floors.set(source, buildFloor(ROOT, esbuild, source, join(workDir, 'floors', `floor-${floors.size}.mjs`)));
      return { fn, scenario, floor: await (floors.get(source) as Promise<string>), ours: [] as Timing[], floors: [] as Timing[], problem: undefined as string | undefined };
    }),
  );

  for (let round = 0; round <= rounds; round++) {
    for (const subject of subjects.filter(({ problem }) => problem === undefined)) {
      const { fn, scenario, floor } = subject;
      const env = envOf(fn);
      const runOurs = async () => {
        const run = await coldRun({ runner, bundle: fn.bundleFile, exportName: fn.exportName, event: scenario.event(fn, round), env });
        const wrong = scenario.check(run.response);
        if (wrong !== undefined) throw new Error(`${fn.key} answered wrongly: ${wrong}`);
        return run;
      };
      const runFloor = () => coldRun({ runner, bundle: floor, exportName: 'handler', event: floorEvent, env });
      try {
        // Whatever one run leaves behind (the stack still busy, say) falls on both alike.
        const floorBefore = round % 2 === 0 ? await runFloor() : undefined;
        const ours = await runOurs();
        const floorRun = floorBefore ?? (await runFloor());
        if (round === 0) continue; // the warm-up: disk cache, node's own code cache
        subject.ours.push(ours);
        subject.floors.push(floorRun);
      } catch (error) {
        subject.problem = (error as Error).message.split('\n').slice(0, 3).join(' / ');
      }
    }
    progress(`cold init: ${round === 0 ? 'warm-up round' : `round ${round}/${rounds}`} done (load ${load()})`);
  }

  for (const { fn, problem } of subjects) if (problem !== undefined) verdicts.push({ what: `${fn.key}'s cold init`, figure: `not measured: ${problem}`, budget: 'an answer', ok: false });
  const median = (timings: Timing[], key: keyof Timing) => percentile(timings.map((timing) => timing[key]), 50);
  const rows = subjects
    .filter(({ problem }) => problem === undefined)
    .map(({ fn, scenario, ours, floors: floorRuns }) => ({
      fn,
      scenario,
      ours: median(ours, 'ms'),
      floor: median(floorRuns, 'ms'),
      oursCpu: median(ours, 'cpuMs'),
      floorCpu: median(floorRuns, 'cpuMs'),
      range: `${Math.min(...ours.map(({ ms }) => ms)).toFixed(0)}–${Math.max(...ours.map(({ ms }) => ms)).toFixed(0)}`,
    }));
  report.push(
    grid([
      ['function', 'zip', 'cold init: ours (median, range)', 'floor (median)', 'ratio', 'CPU: ours / floor'],
      ...rows.map(({ fn, scenario, ours, floor, range, oursCpu, floorCpu }) => [
        fn.key,
        kb(fn.zipBytes),
        `${ours.toFixed(0)} ms (${range})`,
        `${floor.toFixed(0)} ms (${floorName(fn, scenario)})`,
        (ours / floor).toFixed(2),
        `${oursCpu.toFixed(0)} / ${floorCpu.toFixed(0)} ms`,
      ]),
    ]),
  );
  const overweight = functions.filter((fn) => fn.zipBytes > (ASSET_ZIP_BYTES[fn.key] ?? BUDGET.zipBytes)).map((fn) => `${fn.key} ${kb(fn.zipBytes)}`);
  verdicts.push({ what: 'every zip', figure: `largest ${kb(Math.max(...functions.map(({ zipBytes }) => zipBytes)))}${overweight.length > 0 ? `; over: ${overweight.join(', ')}` : ''}`, budget: `≤ ${BUDGET.zipBytes / 1024} KB (apiDocsRenderer ≤ 512 KB)`, ok: overweight.length === 0 });
  const sum = (key: 'ours' | 'floor' | 'oursCpu' | 'floorCpu') => rows.reduce((total, row) => total + row[key], 0);
  const cpu = `; CPU ${sum('oursCpu').toFixed(0)} against ${sum('floorCpu').toFixed(0)} ms: ${(sum('oursCpu') / sum('floorCpu')).toFixed(2)}×`;
  verdicts.push({ what: `cold init, sum of ${rows.length} medians`, figure: `${sum('ours').toFixed(0)} ms against floors of ${sum('floor').toFixed(0)} ms: ${(sum('ours') / sum('floor')).toFixed(2)}×${cpu}`, budget: `≤ ${BUDGET.coldSumRatio}× (goal ${goal(sum('ours') / sum('floor'), COLD_INIT_GOAL.sumRatio)})`, ok: sum('ours') / sum('floor') <= BUDGET.coldSumRatio });
  const worst = rows.reduce((a, b) => (b.ours / b.floor > a.ours / a.floor ? b : a));
  verdicts.push({ what: 'cold init, worst function', figure: `${worst.fn.key}: ${worst.ours.toFixed(0)} ms against ${worst.floor.toFixed(0)} ms, ${(worst.ours / worst.floor).toFixed(2)}×`, budget: `≤ ${BUDGET.coldWorstRatio}× (goal ${goal(worst.ours / worst.floor, COLD_INIT_GOAL.worstRatio)})`, ok: worst.ours / worst.floor <= BUDGET.coldWorstRatio });
}

/** GET /products/{id} against the floors it has in series, the gateway's and the store's, in rounds. */
async function gateway(stack: Endpoints, product: { table: string; key: Record<string, string>; url: string }, seconds: number, env: Record<string, string>): Promise<void> {
  const { connections, rounds, warmupS } = GATEWAY;
  progress(`gateway: GET /products/{id}, GET /health and the SDK's GetItem, ${connections} connections, ${rounds} rounds of ${seconds} s after ${warmupS} s of warm-up`);
  const getItem = (durationS: number, warm: number) => sdkGetItemRps({ table: product.table, key: product.key, connections, warmupS: warm, durationS }, env);
  await Promise.all([loadGet(product.url, connections, warmupS), loadGet(`${stack.api}/health`, connections, warmupS)]);
  const results: Array<{ efficiency: number; route: number; health: number; store: number; failed: number }> = [];
  for (let round = 0; round < rounds; round++) {
    const route = await loadGet(product.url, connections, seconds);
    const health = await loadGet(`${stack.api}/health`, connections, seconds);
    const store = await getItem(seconds, round === 0 ? warmupS : 1);
    const floor = 1 / (1 / health.rps + 1 / store);
    results.push({ efficiency: route.rps / floor, route: route.rps, health: health.rps, store, failed: route.errors + route.timeouts + health.errors + health.timeouts });
  }
  const byEfficiency = [...results].sort((a, b) => a.efficiency - b.efficiency);
  const middle = byEfficiency[Math.floor(rounds / 2)] ?? fail('No gateway round.');
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  verdicts.push({
    what: `GET /products/{id}, ${connections} connections`,
    figure: `${middle.route.toFixed(0)} req/s against 1 / (1/${middle.health.toFixed(0)} health + 1/${middle.store.toFixed(0)} GetItem): efficiency ${middle.efficiency.toFixed(2)} (rounds ${byEfficiency.map(({ efficiency }) => efficiency.toFixed(2)).join(', ')})${failed > 0 ? `, ${failed} failed` : ''}`,
    budget: `median ≥ ${BUDGET.efficiency}, none failed`,
    ok: middle.efficiency >= BUDGET.efficiency && failed === 0,
  });
}

/** The stack as `npm start` runs it, under 50 connections. */
async function underLoad(productUrl: string): Promise<void> {
  progress(`load: GET /products/{id}, ${LOAD.connections} connections for ${LOAD.seconds} s`);
  const result = await loadGet(productUrl, LOAD.connections, LOAD.seconds);
  verdicts.push({
    what: `GET /products/{id}, ${LOAD.connections} connections, ${LOAD.seconds} s`,
    figure: `${result.requests} requests, ${result.errors} errors, ${result.timeouts} timeouts, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
    budget: `no errors or timeouts, p99 < ${BUDGET.p99Ms / 1000} s`,
    ok: result.errors === 0 && result.timeouts === 0 && result.p99Ms < BUDGET.p99Ms,
  });
}

/** Latency to CONFIRMED at a steady rate, and what the run's AWS calls cost per order. */
async function saga(target: Parameters<typeof runSaga>[0], proxies: CountingProxy[]): Promise<void> {
  progress(`saga: ${SAGA.rate} orders/s for ${SAGA.seconds} s`);
  const run = await runSaga(target, proxies, SAGA.rate, SAGA.seconds);
  const p50 = percentile(run.latenciesMs, 50);
  const p99 = percentile(run.latenciesMs, 99);
  const confirmed = run.byState.get('CONFIRMED') ?? 0;
  verdicts.push({
    what: `saga: POST /orders to CONFIRMED, ${SAGA.rate} orders/s, ${SAGA.seconds} s`,
    figure: `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; ${run.placed} placed, ${[...run.byState].map(([state, n]) => `${n} ${state}`).join(', ')}${run.refused.length > 0 ? `, ${run.refused.length} refused (${run.refused[0]})` : ''}`,
    budget: `p50 ≤ ${BUDGET.sagaP50Ms / 1000} s, p99 ≤ ${BUDGET.sagaP99Ms / 1000} s, every order CONFIRMED`,
    ok: p50 <= BUDGET.sagaP50Ms && p99 <= BUDGET.sagaP99Ms && confirmed === SAGA.rate * SAGA.seconds,
  });
  const lines = costPerOrder(run.calls, run.placed);
  const sum = (email: boolean) => lines.filter(({ api }) => api.startsWith('SES') === email).reduce((total, { dollarsPerMillion }) => total + dollarsPerMillion, 0);
  verdicts.push({ what: 'saga: AWS requests per order, at list prices', figure: `$${sum(false).toFixed(2)} per million orders without the email, $${sum(true).toFixed(2)} for the email`, budget: `≤ $${BUDGET.dollarsPerMillion}`, ok: sum(false) <= BUDGET.dollarsPerMillion });
  report.push(
    `AWS requests per order (counted in the saga run), by API and the service whose table, queue or parameter it is:\n` +
      grid([['API', 'per order', 'per million orders'], ...lines.map(({ api, service, perOrder, unit, dollarsPerMillion }) => [service === undefined ? api : `${api} · ${service}`, `${perOrder.toFixed(2)} ${unit}`, `$${dollarsPerMillion.toFixed(2)}`])]) +
      `\nBy service (Lambda, the API and the email apart): ${costByService(lines).map(({ service, dollarsPerMillion }) => `${service} $${dollarsPerMillion.toFixed(2)}`).join(', ')}`,
  );
}

/**
 * The emulators the stack would start, started here instead, each behind a counting proxy that the
 * stack is given as its endpoint (start.ts then starts no emulator of that kind). The SQS emulator's
 * own URL is kept for the bench's look at the queues, which is not the shop's call.
 */
async function countedEmulators(): Promise<{ env: Record<string, string>; proxies: CountingProxy[]; sqs: string }> {
  const emulators = await Promise.all([
    freePort().then((port) => startDynamoDbLocal(port, undefined)),
    freePort().then((port) => startSqsEmulator(port, undefined)),
    freePort().then((port) => startSsmEmulator({ port })),
    freePort().then((port) => startSesEmulator({ port })),
  ]);
  for (const emulator of emulators) cleanups.push(() => emulator.stop());
  const [dynamodb, sqs, ssm, ses] = emulators;
  const proxies = await Promise.all([
    startCountingProxy(dynamodb.url, dynamoDbCall, askForBilledUnits),
    startCountingProxy(sqs.url, sqsCall),
    startCountingProxy(ssm.url, ssmCall),
    startCountingProxy(ses.url, sesCall),
  ]);
  // Registered after the emulators: cleanups run in reverse, so the proxies stop first.
  for (const proxy of proxies) cleanups.push(() => proxy.stop());
  const [dynamoDbProxy, sqsProxy, ssmProxy, sesProxy] = proxies;
  return {
    env: { AWS_ENDPOINT_URL_DYNAMODB: dynamoDbProxy.url, AWS_ENDPOINT_URL_SQS: sqsProxy.url, AWS_ENDPOINT_URL_SSM: ssmProxy.url, AWS_ENDPOINT_URL_SESV2: sesProxy.url },
    proxies,
    sqs: sqs.url,
  };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
const goal = (ratio: number, wanted: number): string => `≤ ${wanted}×: ${ratio <= wanted ? 'met' : 'not yet'}`;

function grid(all: string[][]): string {
  const [header = [], ...cells] = all;
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

function fail(message: string): never {
  throw new Error(message);
}

function wholeNumber(name: 'rounds' | 'seconds'): number {
  const value = Number(flags[name]);
  return Number.isInteger(value) && value >= 1 ? value : fail(`--${name} must be a whole number of 1 or more, not "${flags[name]}".`);
}

/** In reverse order of registration, once, on every way out. */
let cleaning: Promise<void> | undefined;
const cleanUp = (): Promise<void> =>
  (cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((error: unknown) => progress(`while cleaning up: ${(error as Error).message}`));
  })());

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUp().then(() => process.exit(130)));

if (flags.help) {
  console.log(HELP);
} else {
  try {
    const loadAtStart = load();
    await main();
    await cleanUp();
    const missed = verdicts.filter(({ ok }) => !ok);
    const summary = grid([['summary', 'figure', 'budget', ''], ...verdicts.map(({ what, figure, budget, ok }) => [what, figure, budget, ok ? 'ok' : '**FAIL**'])]);
    const verdict = missed.length === 0 ? 'Every budget met.' : `FAIL: ${missed.map(({ what }) => what).join('; ')}.`;
    process.stdout.write(`${[...report, summary].join('\n\n')}\n\nLoad average ${loadAtStart} at the start, ${load()} at the end (2 cores: above 2 the figures are a busy machine's). ${verdict}\n`);
    progress('done');
    process.exitCode = missed.length > 0 && flags.strict ? 1 : 0;
  } catch (error) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanUp();
    process.exitCode = 2;
  }
}
