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
import { ANY_PORTS, launchStack, type Endpoints } from '../local/launch.ts';
import { buildFloor, coldRun, compileRunner, floorSource, median, type FloorEvent } from './cold-init.ts';
import { scenarios } from './events.ts';
import { lambdaEnv, packageFunctions, type FunctionSpec } from './functions.ts';
import { findOffline, loadGet, sdkGetItemRps, watchPeakRss } from './load.ts';
import { seed, type Seed } from './seed.ts';


const NO_EVENT = 'no event in scripts/bench/events.ts yet';
const scenarioMissing = (problem: string | undefined): boolean => problem === NO_EVENT;
const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'bench';
const PARTS = ['functions', 'gateway', 'load'] as const;
type Part = (typeof PARTS)[number];

/** Regression guards, not targets: each leaves room for this machine's noise. */
const BUDGET = { zipBytes: 200 * 1024, coldOverFloorMs: 30, efficiency: 0.6, p99Ms: 1000, rssBytes: 1024 ** 3 };
const LOAD = { connections: 50, seconds: 15 };
const WARMUP_S = 3;

const HELP = `npm run bench [-- options]
  --rounds <n>     cold-init rounds, ours and the floor in turns, after one discarded warm-up round (default 7)
  --seconds <n>    seconds of each 10-connection load test, after ${WARMUP_S} s of warm-up (default 5)
  --only <part>    ${PARTS.join(' | ')}; may be given more than once (default: all)
                     functions: zip size and cold init of each function, beside its floor
                     gateway:   GET /products/{id} at 10 connections, beside GET /health and the SDK's GetItem
                     load:      GET /products/{id} at ${LOAD.connections} connections for ${LOAD.seconds} s, and the stack's peak memory
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
  const parts = new Set<Part>((flags.only ?? PARTS).map((part) => (PARTS.includes(part as Part) ? (part as Part) : fail(`--only takes ${PARTS.join(', ')}, not "${part}".`))));

  const workDir = mkdtempSync(join(tmpdir(), 'shop-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const stackLog = join(ROOT, '.local', `bench-stack-${process.pid}.log`);
  const stack = launchStack({
    root: ROOT,
    args: ['--stage', STAGE, '--ephemeral', ...ANY_PORTS],
    env: process.env,
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
    const budget = `zip ≤ ${BUDGET.zipBytes / 1024} KB, cold ≤ floor + ${BUDGET.coldOverFloorMs} ms`;
    const zipMiss = fn.zipBytes > BUDGET.zipBytes ? ['zip'] : [];
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
  const all = [['', 'zip', 'ours', 'floor', 'budget', ''], ...cells];
  const widths = all[0]?.map((_, column) => Math.max(...all.map((cells) => cells[column]?.length ?? 0))) ?? [];
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(all[0] ?? []), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
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
    process.stdout.write(`${table(rows)}\n\n${missed === 0 ? 'Every budget met.' : `FAIL: ${missed} of ${rows.length} rows miss a budget.`}\n`);
    progress('done');
    process.exitCode = missed > 0 && flags.strict ? 1 : 0;
  } catch (error) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanUp();
    process.exitCode = 2;
  }
}
