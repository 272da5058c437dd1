/**
 * `npm run bench`: how heavy and how fast each function is, against its floor.
 *  (a) per function in serverless.yml: zipped size, and cold init (fresh node 22, load the bundle,
 *      answer one real event against a local stack) beside a floor bundle holding only its SDK clients
 *      and doing only what the job demands (floor.ts);
 *  (b) through the local gateway: GET /products/{id} beside GET /health (the gateway's floor) and the
 *      same GetItem sent through the SDK from node (the store's floor), or replayed raw (the store alone);
 *      and what our HTTP stack itself costs a call, in process (http-stack.ts).
 * It starts its own stack on free ports, with a signing key of its own that the cold runs share, and
 * always stops it. `npm run bench -- --help` lists options.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKey } from '../../functions/users/adapters/signing-keys.ts';
import { analyseBundle, beyondFloor, esbuildOptions, type Breakdown, type BundleAnalysis } from './bundles.ts';
import { coldRun, compileRunner, median, medianSample, pairedDelta, type ColdSample, type ColdSubject } from './cold-init.ts';
import { scenarios, type Scenario } from './events.ts';
import { buildFloor, floorId, withoutStore, type FloorEvent, type FloorSteps } from './floor.ts';
import { httpStackCost } from './http-stack.ts';
import { importCosts, type ImportCostGroup } from './import-cost.ts';
import { lambdaEnv } from './lambda-env.ts';
import { dynamoGetItemTarget, efficiencyOf, gatewayTarget, load, type LoadOptions, type LoadResult } from './load.ts';
import { packageService, type FunctionSpec } from './package-sizes.ts';
import { summarise, toJson, toText, type Busy, type FunctionResult, type LoadRound, type LoadSection } from './report.ts';
import { seedUsers } from './seed-users.ts';
import { seed, type Seed } from './seed.ts';
import { snapshotService } from './snapshot.ts';
import { ANY_PORTS, launchStack } from '../local/launch.ts';
import type { Endpoints } from './stack.ts';
import { sdkGetItemLoad } from './store-floor.ts';
import { usersScenarios } from './users-events.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'bench';

const HELP = `npm run bench [-- options]
  --runs <n>          cold-init runs per function and per floor, after one warm-up (default 11)
  --duration <s>      seconds of each measured load test (default 4)
  --warmup <s>        seconds of load on the store and on each gateway route before the first measured round (default 20)
  --rounds <n>        measured rounds of the three load tests in turns, the order reversed every other round;
                      the efficiency of each target's rate over all rounds is judged (default 5)
  --connections <n>   concurrent connections of the load tests (default 10)
  --ref <git ref>     bench that commit instead of the working tree (e.g. HEAD)
  --workers           load the gateway with worker threads, npm start's default, instead of --in-process (see below)
  --import-cost       also measure the load time each package beyond the floor adds (about 30-60 s more)
  --json              print the results as JSON on stdout (progress stays on stderr; use "npm run -s bench")
The stack runs --in-process unless --workers: with a worker thread per concurrent call (npm start's default),
serverless-offline runs one V8 isolate per request in flight, on two cores here, each warming up on its own.
Exit code: 0 all targets pass, 1 a target fails, 2 the bench itself failed.`;

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '11' },
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    ref: { type: 'string' },
    workers: { type: 'boolean', default: false },
    'import-cost': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

// Run in reverse order of registration on every way out: success, error, Ctrl-C.
const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | undefined;
let finished = false;
const cleanUp = (): Promise<void> =>
  (cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        progress(`while cleaning up: ${(error as Error).message}`);
      }
    }
  })());

type Floor = { file: string; bundleBytes: number; breakdown: Breakdown } | { problem: string };
/** The environment a function's cold runs (and its floor's) get. */
type EnvOf = (fn: FunctionSpec) => Record<string, string>;

async function main(): Promise<boolean> {
  const runs = wholeNumber('runs', 1);
  const loadOptions: LoadOptions = {
    durationS: wholeNumber('duration', 1),
    warmupS: wholeNumber('warmup', 0),
    connections: wholeNumber('connections', 1),
    rounds: wholeNumber('rounds', 1),
  };

  const workDir = mkdtempSync(join(tmpdir(), 'shop-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  // Everything measured comes from one snapshot (see snapshot.ts for why); packaging gets a copy of
  // its own, because it deletes a work folder the running stack also uses.
  const service = snapshotService(ROOT, join(workDir, 'service'), flags.ref);
  const packaging = snapshotService(service, join(workDir, 'service-to-package'));

  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const stackLog = join(ROOT, '.local', `bench-stack-${process.pid}.log`);
  // One key for the stack and the cold runs, so each side verifies the tokens the other signed.
  const signingKey = generateSigningKey();
  const signingKeyJwk = JSON.stringify(signingKey);
  // Judged in process; HELP says why.
  const inProcess = !flags.workers;
  const stack = launchStack({
    root: service,
    args: ['--stage', STAGE, '--ephemeral', ...ANY_PORTS, ...(inProcess ? ['--in-process'] : [])],
    // start.ts signs with SIGNING_KEY_JWK when set (else, with --ephemeral, a key nobody else knows).
    env: { ...process.env, SIGNING_KEY_JWK: signingKeyJwk },
    logFile: stackLog,
    readyFile: join(workDir, 'stack-ready.json'),
    // Ctrl-C reaches only the bench, which then stops the stack in order.
    detached: true,
  });
  cleanups.push(async () => {
    progress('stopping the local stack');
    await stack.stop();
    // Its log is worth keeping only when something went wrong.
    if (finished) rmSync(stackLog, { force: true });
    else progress(`the stack's log: ${stackLog}`);
  });

  progress(
    `benching ${flags.ref ?? 'the working tree'}: starting a local stack${inProcess ? ' (--in-process)' : ''} on free ports` +
      ` and packaging (serverless package --stage ${STAGE}), side by side`,
  );
  const [endpoints, packaged] = await Promise.all([stack.ready, packageService(packaging, STAGE, workDir)]);
  progress(`stack up at ${endpoints.api}; ${packaged.functions.length} functions packaged`);
  const envOf: EnvOf = (fn) => lambdaEnv(fn, endpoints, workDir, signingKeyJwk);

  const options = esbuildOptions(packaged.esbuild);
  const analyses = new Map(
    await Promise.all(packaged.functions.map(async (fn) => [fn.key, await analyseBundle(service, fn, options)] as const)),
  );

  const seeded = await seed(endpoints, runs + 1, servingRoute(packaged.functions, 'POST /products'));
  progress(`seeded product ${seeded.productId}, and ${2 * (runs + 1) + 1} more for the writes`);
  const users = await seedUsers(endpoints, service, runs + 1);
  progress(`seeded a customer and an admin, and logged the customer in ${2 * (runs + 1) + 1} times for refresh tokens and sessions`);

  const events = { ...scenarios(seeded, endpoints), ...usersScenarios(users, signingKey.kid, endpoints) };
  // A floor per set of SDK clients and steps of the job (see floor.ts), shared by the functions alike;
  // beside it, where the job's floor makes store requests, the floor without them, to compare with.
  const clientsOf = (fn: FunctionSpec) => (analyses.get(fn.key) as BundleAnalysis).sdkClients;
  const stepsOf = (fn: FunctionSpec): FloorSteps => events[fn.key]?.floorSteps ?? [];
  const floors = new Map<string, Floor>();
  for (const fn of packaged.functions) {
    for (const steps of [stepsOf(fn), withoutStore(stepsOf(fn))]) {
      const id = floorId(clientsOf(fn), steps);
      if (floors.has(id)) continue;
      const floor = buildFloor(service, clientsOf(fn), options, join(workDir, 'floors'), { steps });
      floors.set(id, await floor.catch((error: unknown) => ({ problem: (error as Error).message })));
    }
  }
  const floorOf = (fn: FunctionSpec, steps = stepsOf(fn)) => floors.get(floorId(clientsOf(fn), steps));
  const results = packaged.functions.map((fn): FunctionResult => {
    const bundle = analyses.get(fn.key) as BundleAnalysis;
    const floor = floorOf(fn);
    const built = floor !== undefined && 'file' in floor ? floor : undefined;
    const skip = (reason: string) => ({ coldProblem: { skipped: true, reason } });
    return {
      key: fn.key,
      event: events[fn.key]?.label ?? '(none)',
      zipBytes: fn.zipBytes,
      bundle,
      ...(built === undefined ? {} : { floorBytes: built.bundleBytes }),
      beyondFloor: beyondFloor(bundle.breakdown, built?.breakdown ?? new Map<string, number>()),
      floorSteps: stepsOf(fn),
      ...(events[fn.key] === undefined ? skip('no representative event: add one to scripts/bench/events.ts') : {}),
      ...(built === undefined ? skip(floor !== undefined && 'problem' in floor ? floor.problem : 'no floor') : {}),
    };
  });

  const runner = await compileRunner(ROOT, workDir);
  const coldStart = loadavg()[0] ?? NaN;
  await measureColdInit(packaged.functions, results, events, floorOf, envOf, seeded, runner, runs);
  const coldBusy = busySince(coldStart);
  const loadStart = loadavg()[0] ?? NaN;
  const productEnv = envOf(servingRoute(packaged.functions, 'GET /products/{id}'));
  const measuredLoad = await measureLoad(endpoints, seeded, loadOptions, productEnv);
  progress('http stack: our HTTP stack against a bare handler, in process, no I/O');
  const loadSection = { ...measuredLoad, httpStack: await httpStackCost(service, productEnv) };
  const loadBusy = busySince(loadStart);

  const costs = flags['import-cost']
    ? await importCosts(service, options, join(workDir, 'import-cost'), runner, runs, importCostGroups(packaged.functions, results, floors, envOf, seeded), progress)
    : undefined;

  finished = true;
  const settings = { snapshot: flags.ref ?? 'the working tree', runs, loadOptions, inProcess, coldBusy, loadBusy };
  process.stdout.write(`${flags.json ? toJson(results, loadSection, costs, settings) : toText(results, loadSection, costs, settings)}\n`);
  return summarise(results, loadSection).pass;
}

/** Ours and the floor in turns, per round over all functions, so noise falls on both alike. */
async function measureColdInit(
  functions: FunctionSpec[],
  results: FunctionResult[],
  events: Record<string, Scenario>,
  floorOf: (fn: FunctionSpec, steps?: FloorSteps) => Floor | undefined,
  envOf: EnvOf,
  seeded: Seed,
  runner: string,
  runs: number,
): Promise<void> {
  const subjects = functions.flatMap((fn) => {
    const result = results.find((r) => r.key === fn.key) as FunctionResult;
    const scenario = events[fn.key];
    const floor = floorOf(fn);
    if (result.coldProblem !== undefined || scenario === undefined || floor === undefined || !('file' in floor)) return [];
    const env = envOf(fn);
    const ours: ColdSubject = { file: fn.bundleFile, exportName: fn.exportName, env, invocation: (n) => scenario.invocation(fn, n) };
    const floorSubject = (file: string): ColdSubject => ({ file, exportName: 'handler', env, invocation: () => floorInvocation(seeded) });
    // The floor without the job's store requests, where it has some: one cheap call per client instead.
    const steps = scenario.floorSteps ?? [];
    const lesserSteps = withoutStore(steps);
    const lesser = lesserSteps.flat().length === steps.flat().length ? undefined : floorOf(fn, lesserSteps);
    const floorWithoutStore = lesser !== undefined && 'file' in lesser ? floorSubject(lesser.file) : undefined;
    const samples = { ours: [] as ColdSample[], floor: [] as ColdSample[], withoutStore: [] as ColdSample[] };
    return [{ fn, result, scenario, ours, floor: floorSubject(floor.file), floorWithoutStore, samples }];
  });
  progress(`cold init: ${subjects.length} functions x (1 warm-up + ${runs} runs), ours and floor in turns, each first every other round`);

  for (let n = 0; n <= runs; n++) {
    for (const subject of subjects) {
      if (subject.result.coldProblem !== undefined) continue;
      try {
        // Which goes first alternates, so that whatever the run before leaves behind (the stack still busy
        // with its last requests, say) falls on both alike.
        const oursFirst = n % 2 === 1;
        const first = await coldRun(runner, oursFirst ? subject.ours : subject.floor, n);
        const second = await coldRun(runner, oursFirst ? subject.floor : subject.ours, n);
        const [ours, floor] = oursFirst ? [first, second] : [second, first];
        const lesser = subject.floorWithoutStore === undefined ? undefined : await coldRun(runner, subject.floorWithoutStore, n);
        if (n === 0) continue; // the warm-up round: disk cache, and node's own code cache
        subject.samples.ours.push(ours);
        subject.samples.floor.push(floor);
        if (lesser !== undefined) subject.samples.withoutStore.push(lesser);
      } catch (error) {
        subject.result.coldProblem = { skipped: false, reason: (error as Error).message.split('\n').slice(0, 3).join(' / ') };
      }
    }
    progress(`cold init: ${n === 0 ? 'warm-up round' : `round ${n}/${runs}`} done`);
  }

  for (const { result, scenario, samples } of subjects) {
    const problem = result.coldProblem?.reason ?? (await scenario.verify?.(runs + 1));
    if (problem !== undefined) {
      result.coldProblem = { skipped: false, reason: problem };
      continue;
    }
    const ours = medianSample(samples.ours);
    const floor = medianSample(samples.floor);
    result.cold = {
      ours,
      floor,
      deltaMs: pairedDelta(samples.ours, samples.floor),
      totalDeltaMs: ours.totalMs - floor.totalMs,
      ...(samples.withoutStore.length === 0 ? {} : { withoutStoreDeltaMs: pairedDelta(samples.ours, samples.withoutStore) }),
      samples,
    };
  }
}

/**
 * Every floor reads the seeded product from the catalog table, writes scratch items of its run's own
 * there and looks up (and sends to) the floors' queue.
 */
function floorInvocation(seeded: Seed): { event: FloorEvent; check: () => undefined } {
  const event: FloorEvent = {
    table: seeded.catalogTable,
    key: { pk: `PRODUCT#${seeded.productId}`, sk: 'PRODUCT' },
    queue: seeded.floorQueue,
    run: randomUUID(),
  };
  return { event, check: () => undefined };
}

/**
 * `storeEnv`: getProduct's environment, so the SDK floor's client is set up as that function's is.
 * First a warm-up of the store and of each gateway route: a stack fresh from its start is far from its
 * steady state (serverless-offline has a worker per concurrent call, each a V8 isolate that JITs on its
 * own, and DynamoDB Local's JVM compiles as it goes), and whichever target ran first paid for it. The
 * store gets a warm-up of its own (the replayed GetItem, the fastest load there is): with only the
 * routes' warm-up, after the cold-init runs' mix of requests, the SDK's GetItem from a fresh process
 * each round still sped up from round to round (2 100, 2 600 then 2 800 req/s). Then rounds
 * of the three in turns, so drift and noise fall on all alike. This VM's speed drifts by tens of percent
 * within a minute, so one round's efficiency ranges from 0.55 to 0.98; every other round therefore runs
 * the three in the reverse order, and the efficiency judged is that of each target's rate over all the
 * rounds, where a drift that favoured the route in one round favours its floors in the next.
 */
async function measureLoad(stack: Endpoints, seeded: Seed, options: LoadOptions, storeEnv: Record<string, string>): Promise<Omit<LoadSection, 'httpStack'>> {
  const key = { pk: `PRODUCT#${seeded.productId}`, sk: 'PRODUCT' };
  // autocannon's targets, each checked once before it is loaded.
  const targets = {
    product: await gatewayTarget(`${stack.api}/products/${seeded.productId}`),
    health: await gatewayTarget(`${stack.api}/health`),
    storeAlone: await dynamoGetItemTarget(stack, seeded.catalogTable, key),
  };
  const { connections, durationS, warmupS, rounds } = options;
  if (warmupS > 0) {
    progress(`load: warming up, ${warmupS} s each of GetItem replayed to DynamoDB Local, GET /products/{id} and GET /health (${connections} in flight)`);
    await load(targets.storeAlone, { connections, durationS: warmupS });
    await load(targets.product, { connections, durationS: warmupS });
    await load(targets.health, { connections, durationS: warmupS });
  }
  const loads: Record<LoadName, () => Promise<LoadResult>> = {
    product: () => load(targets.product, { connections, durationS }),
    health: () => load(targets.health, { connections, durationS }),
    // A node process of its own each time, so it warms up first, as the routes did.
    store: () => sdkGetItemLoad({ connections, durationS, warmupS: STORE_WARMUP_S, table: seeded.catalogTable, key }, storeEnv),
  };
  const measured: LoadRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? LOAD_ORDER : [...LOAD_ORDER].reverse();
    progress(`load: round ${round}/${rounds}: ${order.map((name) => LOAD_LABELS[name]).join(', ')} (${durationS} s each)`);
    const results: Partial<Record<LoadName, LoadResult>> = {};
    for (const name of order) results[name] = await loads[name]();
    const { product, health, store } = results as Record<LoadName, LoadResult>;
    measured.push({ product, health, store, efficiency: efficiencyOf(product, health, store) });
  }
  progress(`load: GetItem replayed to DynamoDB Local (${durationS} s)`);
  const storeAlone = await load(targets.storeAlone, { connections, durationS });
  // Each target over all rounds: a drift that favoured the route in one round favoured its floors in the next.
  const product = pooled(measured.map((round) => round.product));
  const health = pooled(measured.map((round) => round.health));
  const store = pooled(measured.map((round) => round.store));
  return {
    product,
    health,
    store,
    efficiency: efficiencyOf(product, health, store),
    storeAlone,
    rounds: measured,
    efficiencyStoreAlone: efficiencyOf(product, health, storeAlone),
  };
}

/** One target over several rounds of equal length: its mean rate, all its requests and failures, its median latencies. */
function pooled(results: LoadResult[]): LoadResult {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    rps: sum(results.map((r) => r.rps)) / results.length,
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    requests: sum(results.map((r) => r.requests)),
    failures: sum(results.map((r) => r.failures)),
  };
}

type LoadName = 'product' | 'health' | 'store';
const LOAD_ORDER: readonly LoadName[] = ['product', 'health', 'store'];
const LOAD_LABELS: Record<LoadName, string> = { product: 'GET /products/{id}', health: 'GET /health', store: "the SDK's GetItem" };

/** Seconds the SDK floor's fresh process loads before each measured round. */
const STORE_WARMUP_S = 3;

/** The function serving a route (from serverless.yml), which the bench needs by its job, not its name. */
function servingRoute(functions: FunctionSpec[], routeKey: string): FunctionSpec {
  const fn = functions.find((candidate) => candidate.routes.some((route) => route.routeKey === routeKey));
  if (fn === undefined) throw new Error(`No function serves ${routeKey}, which the bench needs.`);
  return fn;
}

/** Per floor, the npm packages beyond it (not our folders, not more of an SDK package the floor has). */
function importCostGroups(
  functions: FunctionSpec[],
  results: FunctionResult[],
  floors: Map<string, Floor>,
  envOf: EnvOf,
  seeded: Seed,
): ImportCostGroup[] {
  const groups = new Map<string, ImportCostGroup>();
  for (const result of results) {
    // The floor of the clients alone: import cost is about loading, not the work a job demands.
    const id = floorId(result.bundle.sdkClients);
    const floor = floors.get(id);
    if (floor === undefined || !('file' in floor)) continue;
    const fn = functions.find((candidate) => candidate.key === result.key) as FunctionSpec;
    const group = groups.get(id) ?? { clients: result.bundle.sdkClients, packages: [], env: envOf(fn), floorInvocation: floorInvocation(seeded) };
    groups.set(id, group);
    for (const [owner, bytes] of result.beyondFloor) {
      if (owner.endsWith('/') || floor.breakdown.has(owner)) continue;
      const known = group.packages.find(([name]) => name === owner);
      if (known === undefined) group.packages.push([owner, bytes]);
      else known[1] = Math.max(known[1], bytes);
    }
  }
  for (const group of groups.values()) group.packages.sort((a, b) => b[1] - a[1]);
  return [...groups.values()];
}

const busySince = (before: number): Busy => ({ before, after: loadavg()[0] ?? NaN });

function wholeNumber(name: 'runs' | 'duration' | 'warmup' | 'connections' | 'rounds', least: number): number {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < least) throw new Error(`--${name} must be a whole number of ${least} or more, not "${flags[name]}".`);
  return value;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    progress(`${signal}: cleaning up`);
    void cleanUp().then(() => process.exit(130));
  });
}

if (flags.help) {
  console.log(HELP);
} else {
  const started = Date.now();
  main()
    .then(async (pass) => {
      await cleanUp();
      progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      process.exitCode = pass ? 0 : 1;
    })
    .catch(async (error: unknown) => {
      progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await cleanUp();
      process.exitCode = 2;
    });
}
