/**
 * `npm run bench`: how heavy and how fast the shop is against its floors, as one table. It packages
 * every function, starts its own stack on free ports (as `npm start` runs it, data in memory), seeds it
 * through the gateway, measures, and stops it. `npm run bench -- --help` lists the options.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { productKey } from '../../functions/catalog/adapters/catalog-table.ts';
import { startDynamoDbLocal, startSqsEmulator } from '../local/emulators.ts';
import { ANY_PORTS, launchStack, type Endpoints } from '../local/launch.ts';
import { freePort } from '../local/prerequisites.ts';
import { startSesEmulator } from '../local/ses-emulator.ts';
import { startSsmEmulator } from '../local/ssm-emulator.ts';
import { buildFloor, coldRun, compileRunner, floorSource, median, type FloorEvent } from './cold-init.ts';
import { scenarios } from './events.ts';
import { lambdaEnv, packageFunctions, type FunctionSpec } from './functions.ts';
import { askForBilledUnits, dynamoDbCall, sesCall, sqsCall, ssmCall, startCountingProxy, type CountingProxy } from './counting-proxy.ts';
import { findOffline, loadGet, sdkGetItemRps, watchPeakRss } from './load.ts';
import { percentile } from '../percentile.ts';
import { CATCH_UP_MS, costByService, costPerOrder, difference, runSaga, snapshot, type SagaRun, type SagaTarget } from './saga.ts';
import { seed, type Seed } from './seed.ts';


const NO_EVENT = 'no event in scripts/bench/events.ts yet';
const scenarioMissing = (problem: string | undefined): boolean => problem === NO_EVENT;
const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'bench';
const PARTS = ['functions', 'gateway', 'load', 'saga'] as const;
type Part = (typeof PARTS)[number];
/** The saga part runs on its own (`--only saga`): it puts counting proxies in front of the emulators, which the other figures should not pay for. */
const DEFAULT_PARTS: readonly Part[] = ['functions', 'gateway', 'load'];

/**
 * Regression guards, not targets: each leaves room for this machine's noise. The zip's room includes
 * Powertools Tracer and the X-Ray SDK, which every function carries since tracing is on for all.
 */
const BUDGET = { zipBytes: 250 * 1024, coldOverFloorMs: 30, efficiency: 0.6, p99Ms: 1000, rssBytes: 1024 ** 3 };
/**
 * A function that ships a static asset has a zip budget of its own: apiDocsRenderer is the script that
 * renders GET /docs (Redoc, about a megabyte), which only a reader of the docs waits for.
 */
const ASSET_ZIP_BYTES: Readonly<Record<string, number>> = { apiDocsRenderer: 512 * 1024 };
const LOAD = { connections: 50, seconds: 15 };
const WARMUP_S = 3;
/** The saga's targets (issue 12): report, don't chase. */
const SAGA = { steadyRate: 5, steadyS: 20, rates: [10, 15, 20], rateS: 60, p50Ms: 1000, p99Ms: 3000, sustainedRate: 20, dollarsPerMillion: 15 };

const HELP = `npm run bench [-- options]
  --rounds <n>     cold-init rounds, ours and the floor in turns, after one discarded warm-up round (default 7)
  --seconds <n>    seconds of each 10-connection load test, after ${WARMUP_S} s of warm-up (default 5)
  --only <part>    ${PARTS.join(' | ')}; may be given more than once (default: functions, gateway, load)
                     functions: zip size and cold init of each function, beside its floor
                     gateway:   GET /products/{id} at 10 connections, beside GET /health and the SDK's GetItem
                     load:      GET /products/{id} at ${LOAD.connections} connections for ${LOAD.seconds} s, and the stack's peak memory
                     saga:      orders placed at ${SAGA.steadyRate}/s for ${SAGA.steadyS} s (latency to CONFIRMED, AWS calls per order
                                and their price), then at ${SAGA.rates.join(', ')}/s for ${SAGA.rateS} s each, up to the first not kept up
                                (kept up: every POST answered 202 and every order final within ${CATCH_UP_MS / 1000} s of the last one placed);
                                the stack then runs behind counting proxies (scripts/bench/counting-proxy.ts)
  --strict         exit 1 when a budget is missed (without it, a miss prints FAIL and exits 0)
Exit code 2: the bench itself failed.`;

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '5' },
    only: { type: 'string', multiple: true },
    strict: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

type Row = { what: string; zip?: string; ours: string; floor?: string; budget: string; misses: string[] };

const started = Date.now();
const progress = (message: string): void => void process.stderr.write(`bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s: ${message}\n`);
const cleanups: Array<() => Promise<void> | void> = [];

async function main(): Promise<Row[]> {
  const rounds = wholeNumber('rounds');
  const seconds = wholeNumber('seconds');
  const parts = new Set<Part>((flags.only ?? DEFAULT_PARTS).map((part) => (PARTS.includes(part as Part) ? (part as Part) : fail(`--only takes ${PARTS.join(', ')}, not "${part}".`))));

  const workDir = mkdtempSync(join(tmpdir(), 'shop-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const stackLog = join(ROOT, '.local', `bench-stack-${process.pid}.log`);
  const counted = parts.has('saga') ? await countedEmulators() : undefined;
  const stack = launchStack({
    root: ROOT,
    args: ['--stage', STAGE, '--ephemeral', ...ANY_PORTS],
    env: { ...process.env, ...counted?.env },
    logFile: stackLog,
    readyFile: join(workDir, 'ready.json'),
    detached: true,
  });
  cleanups.push(async () => {
    progress('stopping the stack');
    await stack.stop();
  });

  progress(`packaging (serverless package --stage ${STAGE}) and starting a stack on free ports (log: ${stackLog})`);
  const [endpoints, { functions, esbuild }] = await Promise.all([stack.ready, packageFunctions(ROOT, STAGE, join(workDir, 'package'))]);
  progress(`${functions.length} functions packaged; stack up at ${endpoints.api}; seeding`);
  const seeded = await seed(ROOT, endpoints, parts.has('functions') ? rounds + 1 : 0);
  const getProduct = functions.find((fn) => fn.route?.routeKey === 'GET /products/{id}') ?? fail('No function serves GET /products/{id}.');
  const envOf = (fn: FunctionSpec) => lambdaEnv(fn, endpoints, workDir);

  const rows: Row[] = [];
  if (parts.has('functions')) rows.push(...(await functionRows(functions, esbuild, seeded, endpoints, envOf, rounds, workDir)));
  const productUrl = `${endpoints.api}/products/${seeded.productId}`;
  if (parts.has('gateway')) rows.push(await gatewayRow(endpoints, productUrl, seconds, getProduct, seeded, envOf(getProduct)));
  if (parts.has('load')) rows.push(await loadRow(stack.child.pid ?? fail('The stack has no pid.'), productUrl));
  if (counted !== undefined) rows.push(...(await sagaRows({ api: endpoints.api, dynamodb: counted.dynamodb, region: endpoints.region, stage: STAGE, seeded }, counted.proxies)));
  rmSync(stackLog, { force: true }); // worth keeping only when something went wrong
  return rows;
}

/** Per function: its zip, and its cold init beside its floor's, the two in turns, each first every other round. */
async function functionRows(
  functions: FunctionSpec[],
  esbuild: Record<string, unknown>,
  seeded: Seed,
  stack: Endpoints,
  envOf: (fn: FunctionSpec) => Record<string, string>,
  rounds: number,
  workDir: string,
): Promise<Row[]> {
  const events = scenarios(seeded, stack.region);
  const runner = await compileRunner(workDir);
  const floorEvent: FloorEvent = { table: functions.find((fn) => fn.environment.CATALOG_TABLE)?.environment.CATALOG_TABLE ?? '', key: productKey(seeded.productId), queue: seeded.replyQueue };
  const floors = new Map<string, Promise<string>>();
  const subjects = await Promise.all(
    functions.map(async (fn) => {
      const scenario = events[fn.key];
      const source = floorSource(fn.clients, scenario?.hashesPassword === true);
      if (!floors.has(source)) floors.set(source, buildFloor(ROOT, esbuild, source, join(workDir, 'floors', `floor-${floors.size}.mjs`)));
      return { fn, scenario, floor: await (floors.get(source) as Promise<string>), ours: [] as number[], floors: [] as number[], problem: scenario === undefined ? NO_EVENT : undefined };
    }),
  );

  for (let round = 0; round <= rounds; round++) {
    for (const subject of subjects) {
      const { fn, scenario } = subject;
      if (scenario === undefined || subject.problem !== undefined) continue;
      try {
        const env = envOf(fn);
        const ours = async () => {
          const { ms, response } = await coldRun({ runner, bundle: fn.bundleFile, exportName: fn.exportName, event: scenario.event(fn, round), env });
          const wrong = scenario.check(response);
          if (wrong !== undefined) throw new Error(`wrong answer: ${wrong}`);
          return ms;
        };
        const floor = async () => (await coldRun({ runner, bundle: subject.floor, exportName: 'handler', event: floorEvent, env })).ms;
        // Whatever one run leaves behind (the stack still busy, say) falls on both alike.
        const oursFirst = round % 2 === 1;
        const first = await (oursFirst ? ours() : floor());
        const second = await (oursFirst ? floor() : ours());
        if (round === 0) continue; // the warm-up: disk cache, node's own code cache
        subject.ours.push(oursFirst ? first : second);
        subject.floors.push(oursFirst ? second : first);
      } catch (error) {
        subject.problem = (error as Error).message.split('\n').slice(0, 3).join(' / ');
      }
    }
    progress(`cold init: ${round === 0 ? 'warm-up round' : `round ${round}/${rounds}`} done`);
  }

  return subjects.map(({ fn, ours, floors: floor, problem }) => {
    const zip = `${(fn.zipBytes / 1024).toFixed(0)} KB`;
    const zipBytes = ASSET_ZIP_BYTES[fn.key] ?? BUDGET.zipBytes;
    const budget = `zip ≤ ${zipBytes / 1024} KB, cold ≤ floor + ${BUDGET.coldOverFloorMs} ms`;
    const zipMiss = fn.zipBytes > zipBytes ? ['zip'] : [];
    // A function the bench has no event for yet is judged on its zip alone, and says so.
    if (scenarioMissing(problem)) return { what: fn.key, zip, ours: `not measured: ${problem}`, budget, misses: zipMiss };
    if (problem !== undefined) return { what: fn.key, zip, ours: `not measured: ${problem}`, budget, misses: [...zipMiss, 'cold init'] };
    const over = median(ours) - median(floor);
    return {
      what: fn.key,
      zip,
      ours: `${median(ours).toFixed(0)} ms (${over >= 0 ? '+' : ''}${over.toFixed(0)})`,
      floor: `${median(floor).toFixed(0)} ms (${fn.clients.join(' + ') || 'no SDK'})`,
      budget,
      misses: [...zipMiss, ...(over > BUDGET.coldOverFloorMs ? ['cold init'] : [])],
    };
  });
}

/**
 * The emulators the stack would start, started here instead, each behind a counting proxy that the
 * stack is given as its endpoint (start.ts then starts no emulator of that kind). The DynamoDB Local
 * URL itself is kept for the bench's own reads, which are not the shop's calls.
 */
async function countedEmulators(): Promise<{ env: Record<string, string>; proxies: CountingProxy[]; dynamodb: string }> {
  progress('saga: starting the emulators behind counting proxies');
  const [dynamodb, sqs, ssm, ses] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal(port, undefined)),
    freePort().then((port) => startSqsEmulator(port, undefined)),
    freePort().then((port) => startSsmEmulator({ port })),
    freePort().then((port) => startSesEmulator({ port })),
  ]);
  for (const emulator of [dynamodb, sqs, ssm, ses]) cleanups.push(() => emulator.stop());
  const proxies = await Promise.all([
    startCountingProxy(dynamodb.url, dynamoDbCall, askForBilledUnits),
    startCountingProxy(sqs.url, sqsCall),
    startCountingProxy(ssm.url, ssmCall),
    startCountingProxy(ses.url, sesCall),
  ]);
  // Registered after the emulators: cleanups run in reverse, so the proxies stop first.
  for (const proxy of proxies) cleanups.push(() => proxy.stop());
  const [dynamoDbProxy, sqsProxy, ssmProxy, sesProxy] = proxies.map((proxy) => proxy.url);
  return {
    env: { AWS_ENDPOINT_URL_DYNAMODB: String(dynamoDbProxy), AWS_ENDPOINT_URL_SQS: String(sqsProxy), AWS_ENDPOINT_URL_SSM: String(ssmProxy), AWS_ENDPOINT_URL_SESV2: String(sesProxy) },
    proxies,
    dynamodb: dynamodb.url,
  };
}

/** Latency and cost at a steady rate, then the highest of the higher rates every order kept up with. */
async function sagaRows(target: SagaTarget, proxies: CountingProxy[]): Promise<Row[]> {
  progress(`saga: ${SAGA.steadyRate} orders/s for ${SAGA.steadyS} s`);
  const before = snapshot(proxies);
  const steady = await runSaga(target, SAGA.steadyRate, SAGA.steadyS);
  const calls = difference(snapshot(proxies), before);
  const p50 = percentile(steady.latenciesMs, 50);
  const p99 = percentile(steady.latenciesMs, 99);
  const latencyRow: Row = {
    what: `saga: POST /orders to CONFIRMED, ${SAGA.steadyRate} orders/s, ${SAGA.steadyS} s`,
    ours: `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; ${outcome(steady)}`,
    budget: `p50 ≤ ${SAGA.p50Ms / 1000} s, p99 ≤ ${SAGA.p99Ms / 1000} s, all final`,
    misses: [...(p50 <= SAGA.p50Ms ? [] : ['p50']), ...(p99 <= SAGA.p99Ms ? [] : ['p99']), ...(steady.keptUp ? [] : ['not all final'])],
  };

  const runs: SagaRun[] = [];
  for (const rate of SAGA.rates) {
    progress(`saga: ${rate} orders/s for ${SAGA.rateS} s`);
    const run = await runSaga(target, rate, SAGA.rateS);
    runs.push(run);
    if (!run.keptUp) break;
  }
  // Only the long runs count: the steady run is too short to say a rate is sustained.
  const highest = runs.filter((run) => run.keptUp).at(-1)?.rate;
  const rateRow: Row = {
    what: `saga: highest rate kept up for ${SAGA.rateS} s (tried ${SAGA.rates.join(', ')} orders/s, up to the first not kept up)`,
    ours: `${highest === undefined ? `none of them` : `${highest} orders/s`}; ${runs.map((run) => `at ${run.rate}/s: ${run.keptUp ? 'kept up' : 'NOT kept up'}, ${outcome(run)}, p99 ${percentile(run.latenciesMs, 99).toFixed(0)} ms`).join('; ')}`,
    budget: `≥ ${SAGA.sustainedRate} orders/s kept up: every POST answered 202, every order final within ${CATCH_UP_MS / 1000} s of the last placed, none lost`,
    misses: (highest ?? 0) >= SAGA.sustainedRate ? [] : ['rate'],
  };

  const lines = costPerOrder(calls, steady.placed);
  const withoutEmail = lines.filter(({ api }) => !api.startsWith('SES')).reduce((sum, { dollarsPerMillion }) => sum + dollarsPerMillion, 0);
  const email = lines.filter(({ api }) => api.startsWith('SES')).reduce((sum, { dollarsPerMillion }) => sum + dollarsPerMillion, 0);
  const costRow: Row = {
    what: 'saga: AWS requests per order, at list prices',
    ours: `$${withoutEmail.toFixed(2)} per million orders without the email, $${email.toFixed(2)} for the email (breakdown below)`,
    budget: `≤ $${SAGA.dollarsPerMillion} per million orders without the email`,
    misses: withoutEmail <= SAGA.dollarsPerMillion ? [] : ['cost'],
  };
  breakdown = lines.map(({ api, service, perOrder, unit, dollarsPerMillion }) => ({
    what: service === undefined ? api : `${api} · ${service}`,
    ours: `${perOrder.toFixed(2)} ${unit}`,
    budget: `$${dollarsPerMillion.toFixed(2)} per million orders`,
    misses: [],
  }));
  byService = costByService(lines).map(({ service, dollarsPerMillion }) => `${service} $${dollarsPerMillion.toFixed(2)}`).join(', ');
  return [latencyRow, rateRow, costRow];
}

/** The saga's cost, by API and service, for a second table under the first, and each service's total. */
let breakdown: Row[] = [];
let byService = '';

const outcome = (run: SagaRun): string =>
  `${run.placed} placed, ${[...run.byState].map(([state, n]) => `${n} ${state}`).join(', ') || 'none final'}` +
  `${run.lost > 0 ? `, ${run.lost} never final` : ''}${run.refused.length > 0 ? `, ${run.refused.length} refused (${run.refused[0]})` : ''}`;

/** GET /products/{id} at 10 connections against the floors it has in series: the gateway's and the store's. */
async function gatewayRow(stack: Endpoints, productUrl: string, seconds: number, getProduct: FunctionSpec, seeded: Seed, env: Record<string, string>): Promise<Row> {
  const connections = 10;
  progress(`gateway: GET /products/{id}, GET /health and the SDK's GetItem, ${connections} connections, ${WARMUP_S} + ${seconds} s each`);
  const measure = async (url: string) => (await loadGet(url, connections, WARMUP_S), loadGet(url, connections, seconds));
  const product = await measure(productUrl);
  const health = await measure(`${stack.api}/health`);
  const table = getProduct.environment.CATALOG_TABLE ?? fail(`${getProduct.key} has no CATALOG_TABLE.`);
  const getItem = await sdkGetItemRps({ table, key: productKey(seeded.productId), connections, warmupS: WARMUP_S, durationS: seconds }, env);
  const floor = 1 / (1 / health.rps + 1 / getItem);
  const efficiency = product.rps / floor;
  const failed = product.errors + product.timeouts + health.errors + health.timeouts;
  return {
    what: `GET /products/{id}, ${connections} connections`,
    ours: `${product.rps.toFixed(0)} req/s, efficiency ${efficiency.toFixed(2)}${failed > 0 ? `, ${failed} failed` : ''}`,
    floor: `${floor.toFixed(0)} req/s = 1 / (1/${health.rps.toFixed(0)} health + 1/${getItem.toFixed(0)} GetItem)`,
    budget: `efficiency ≥ ${BUDGET.efficiency}`,
    misses: [...(efficiency >= BUDGET.efficiency ? [] : ['efficiency']), ...(failed > 0 ? ['errors'] : [])],
  };
}

/** The stack as `npm start` runs it, under 50 connections, and the most memory serverless-offline took meanwhile. */
async function loadRow(stackPid: number, productUrl: string): Promise<Row> {
  progress(`load: GET /products/{id}, ${LOAD.connections} connections for ${LOAD.seconds} s`);
  const memory = watchPeakRss(findOffline(stackPid));
  const result = await loadGet(productUrl, LOAD.connections, LOAD.seconds);
  const rss = memory.stop();
  const misses = [
    ...(result.errors > 0 ? ['errors'] : []),
    ...(result.timeouts > 0 ? ['timeouts'] : []),
    ...(result.p99Ms < BUDGET.p99Ms ? [] : ['p99']),
    ...(rss < BUDGET.rssBytes ? [] : ['memory']),
  ];
  return {
    what: `GET /products/{id}, ${LOAD.connections} connections, ${LOAD.seconds} s`,
    ours: `${result.requests} requests, ${result.errors} errors, ${result.timeouts} timeouts, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, peak RSS ${(rss / 1024 ** 2).toFixed(0)} MB`,
    budget: `no errors or timeouts, p99 < ${BUDGET.p99Ms / 1000} s, RSS < ${BUDGET.rssBytes / 1024 ** 3} GB`,
    misses,
  };
}

function table(rows: Row[]): string {
  const cells = rows.map((row) => [row.what, row.zip ?? '', row.ours, row.floor ?? '', row.budget, row.misses.length === 0 ? 'ok' : `**FAIL** (${row.misses.join(', ')})`]);
  return grid([['', 'zip', 'ours', 'floor', 'budget', ''], ...cells]);
}

function costTable(rows: Row[]): string {
  return grid([['API', 'per order', 'at list price'], ...rows.map((row) => [row.what, row.ours, row.budget])]);
}

function grid(all: string[][]): string {
  const [header = [], ...cells] = all;
  const widths = all[0]?.map((_, column) => Math.max(...all.map((cells) => cells[column]?.length ?? 0))) ?? [];
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
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
    const rows = await main();
    await cleanUp();
    const missed = rows.filter((row) => row.misses.length > 0).length;
    const costs =
      breakdown.length === 0
        ? ''
        : `\nAWS requests per order (counted in the ${SAGA.steadyRate} orders/s run), by API and the service whose table, queue or parameter it is:\n${costTable(breakdown)}\nBy service, per million orders (Lambda, the API and the email apart): ${byService}\n`;
    process.stdout.write(`${table(rows)}\n${costs}\n${missed === 0 ? 'Every budget met.' : `FAIL: ${missed} of ${rows.length} rows miss a budget.`}\n`);
    progress('done');
    process.exitCode = missed > 0 && flags.strict ? 1 : 0;
  } catch (error) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanUp();
    process.exitCode = 2;
  }
}
