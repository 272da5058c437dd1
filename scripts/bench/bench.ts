/**
 * `npm run bench`: how heavy and how fast each function is, against its floor.
 *  (a) per function in serverless.yml: zipped size, and cold init (fresh node 22, load the bundle,
 *      answer one real event against a local stack) beside a floor bundle holding only its SDK clients;
 *  (b) through the local gateway: GET /products/{id} beside GET /health (the gateway's floor) and the
 *      same GetItem sent straight to DynamoDB Local (the store's floor).
 * It starts its own stack on free ports and always stops it. `npm run bench -- --help` lists options.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseBundle, beyondFloor, esbuildOptions, type Breakdown, type BundleAnalysis } from './bundles.ts';
import { coldRun, compileRunner, medianSample, type ColdSample, type ColdSubject } from './cold-init.ts';
import { scenarios, type Scenario } from './events.ts';
import { buildFloor, type FloorEvent } from './floor.ts';
import { importCosts, type ImportCostGroup } from './import-cost.ts';
import { dynamoGetItemTarget, gatewayTarget, load, type LoadOptions, type LoadResult } from './load.ts';
import { packageService, type FunctionSpec } from './package-sizes.ts';
import { summarise, toJson, toText, type Busy, type FunctionResult, type LoadSection } from './report.ts';
import { seed, type Seed } from './seed.ts';
import { snapshotService } from './snapshot.ts';
import { launchStack, type Endpoints } from './stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'bench';

const HELP = `npm run bench [-- options]
  --runs <n>          cold-init runs per function and per floor, after one warm-up (default 7)
  --duration <s>      seconds of each load test (default 10)
  --warmup <s>        seconds of load before each measured load test (default 3)
  --connections <n>   concurrent connections of the load tests (default 10)
  --ref <git ref>     bench that commit instead of the working tree (e.g. HEAD)
  --import-cost       also measure the load time each package beyond the floor adds (about 30-60 s more)
  --json              print the results as JSON on stdout (progress stays on stderr; use "npm run -s bench")
Exit code: 0 all targets pass, 1 a target fails, 2 the bench itself failed.`;

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    ref: { type: 'string' },
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

async function main(): Promise<boolean> {
  const runs = wholeNumber('runs', 1);
  const loadOptions: LoadOptions = { durationS: wholeNumber('duration', 1), warmupS: wholeNumber('warmup', 0), connections: wholeNumber('connections', 1) };

  const workDir = mkdtempSync(join(tmpdir(), 'shop-bench-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  // Everything measured comes from one snapshot (see snapshot.ts for why); packaging gets a copy of
  // its own, because it deletes a work folder the running stack also uses.
  const service = snapshotService(ROOT, join(workDir, 'service'), flags.ref);
  const packaging = snapshotService(service, join(workDir, 'service-to-package'));

  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const stackLog = join(ROOT, '.local', `bench-stack-${process.pid}.log`);
  const stack = launchStack(service, STAGE, workDir, stackLog);
  cleanups.push(async () => {
    progress('stopping the local stack');
    await stack.stop();
    // Its log is worth keeping only when something went wrong.
    if (finished) rmSync(stackLog, { force: true });
    else progress(`the stack's log: ${stackLog}`);
  });

  progress(`benching ${flags.ref ?? 'the working tree'}: starting a local stack on free ports and packaging (serverless package --stage ${STAGE}), side by side`);
  const [endpoints, packaged] = await Promise.all([stack.ready, packageService(packaging, STAGE, workDir)]);
  progress(`stack up at ${endpoints.api}; ${packaged.functions.length} functions packaged`);

  const options = esbuildOptions(packaged.esbuild);
  const analyses = new Map(
    await Promise.all(packaged.functions.map(async (fn) => [fn.key, await analyseBundle(service, fn, options)] as const)),
  );
  const floors = new Map<string, Floor>();
  for (const { sdkClients } of analyses.values()) {
    const id = sdkClients.join('+');
    if (floors.has(id)) continue;
    floors.set(id, await buildFloor(service, sdkClients, options, join(workDir, 'floors')).catch((error: unknown) => ({ problem: (error as Error).message })));
  }

  const creator = packaged.functions.find((fn) => fn.routes.some((route) => route.routeKey === 'POST /products'));
  if (creator === undefined) throw new Error('No function serves POST /products, so the bench cannot seed products.');
  const seeded = await seed(endpoints, runs + 1, creator);
  progress(`seeded product ${seeded.productId}, and ${2 * (runs + 1) + 1} more for the writes`);

  const events = scenarios(seeded, endpoints);
  const results = packaged.functions.map((fn): FunctionResult => {
    const bundle = analyses.get(fn.key) as BundleAnalysis;
    const floor = floors.get(bundle.sdkClients.join('+'));
    const built = floor !== undefined && 'file' in floor ? floor : undefined;
    const skip = (reason: string) => ({ coldProblem: { skipped: true, reason } });
    return {
      key: fn.key,
      event: events[fn.key]?.label ?? '(none)',
      zipBytes: fn.zipBytes,
      bundle,
      ...(built === undefined ? {} : { floorBytes: built.bundleBytes }),
      beyondFloor: beyondFloor(bundle.breakdown, built?.breakdown ?? new Map<string, number>()),
      ...(events[fn.key] === undefined ? skip('no representative event: add one to scripts/bench/events.ts') : {}),
      ...(built === undefined ? skip(floor !== undefined && 'problem' in floor ? floor.problem : 'no floor') : {}),
    };
  });

  const runner = await compileRunner(ROOT, workDir);
  const coldStart = loadavg()[0] ?? NaN;
  await measureColdInit(packaged.functions, results, events, floors, endpoints, seeded, runner, runs, workDir);
  const coldBusy = busySince(coldStart);
  const loadStart = loadavg()[0] ?? NaN;
  const loadSection = await measureLoad(endpoints, seeded, loadOptions);
  const loadBusy = busySince(loadStart);

  const costs = flags['import-cost']
    ? await importCosts(service, options, join(workDir, 'import-cost'), runner, runs, importCostGroups(packaged.functions, results, floors, endpoints, seeded, workDir), progress)
    : undefined;

  finished = true;
  const settings = { snapshot: flags.ref ?? 'the working tree', runs, loadOptions, coldBusy, loadBusy };
  process.stdout.write(`${flags.json ? toJson(results, loadSection, costs, settings) : toText(results, loadSection, costs, settings)}\n`);
  return summarise(results, loadSection).pass;
}

/** Ours and the floor in turns, per round over all functions, so noise falls on both alike. */
async function measureColdInit(
  functions: FunctionSpec[],
  results: FunctionResult[],
  events: Record<string, Scenario>,
  floors: Map<string, Floor>,
  stack: Endpoints,
  seeded: Seed,
  runner: string,
  runs: number,
  workDir: string,
): Promise<void> {
  const subjects = functions.flatMap((fn) => {
    const result = results.find((r) => r.key === fn.key) as FunctionResult;
    const scenario = events[fn.key];
    const floor = floors.get(result.bundle.sdkClients.join('+'));
    if (result.coldProblem !== undefined || scenario === undefined || floor === undefined || !('file' in floor)) return [];
    const env = lambdaEnv(fn, stack, workDir);
    const ours: ColdSubject = { file: fn.bundleFile, exportName: fn.exportName, env, invocation: (n) => scenario.invocation(fn, n) };
    const floorSubject: ColdSubject = { file: floor.file, exportName: 'handler', env, invocation: () => floorInvocation(seeded) };
    return [{ fn, result, scenario, ours, floor: floorSubject, samples: { ours: [] as ColdSample[], floor: [] as ColdSample[] } }];
  });
  progress(`cold init: ${subjects.length} functions x (1 warm-up + ${runs} runs), ours and floor in turns`);

  for (let n = 0; n <= runs; n++) {
    for (const subject of subjects) {
      if (subject.result.coldProblem !== undefined) continue;
      try {
        const ours = await coldRun(runner, subject.ours, n);
        const floor = await coldRun(runner, subject.floor, n);
        if (n === 0) continue; // the warm-up round: disk cache, and node's own code cache
        subject.samples.ours.push(ours);
        subject.samples.floor.push(floor);
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
    const fastest = (list: ColdSample[]) => Math.min(...list.map((sample) => sample.totalMs));
    result.cold = { ours, floor, deltaMs: ours.totalMs - floor.totalMs, minDeltaMs: fastest(samples.ours) - fastest(samples.floor), samples };
  }
}

/** Every floor makes the same cheap calls: the seeded product from the catalog table, the reply queue's URL. */
function floorInvocation(seeded: Seed): { event: FloorEvent; check: () => undefined } {
  const event: FloorEvent = {
    table: seeded.catalogTable,
    key: { pk: `PRODUCT#${seeded.productId}`, sk: 'PRODUCT' },
    queue: seeded.replyQueue.name,
  };
  return { event, check: () => undefined };
}

/**
 * What Lambda would give the function: its environment from the packaged template, the local stack's
 * endpoints and dummy credentials, and nothing of this shell (no real credentials, no npm_* noise).
 */
function lambdaEnv(fn: FunctionSpec, stack: Endpoints, workDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: stack.region,
    AWS_DEFAULT_REGION: stack.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb,
    AWS_ENDPOINT_URL_SQS: stack.sqs,
    // Lambda has no ~/.aws; neither do the runs, so an engineer's own config cannot change them.
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memory),
    ...fn.environment,
  };
}

async function measureLoad(stack: Endpoints, seeded: Seed, options: LoadOptions): Promise<LoadSection> {
  const targets = {
    product: await gatewayTarget(`${stack.api}/products/${seeded.productId}`),
    health: await gatewayTarget(`${stack.api}/health`),
    dynamodb: await dynamoGetItemTarget(stack, seeded.catalogTable, { pk: `PRODUCT#${seeded.productId}`, sk: 'PRODUCT' }),
  };
  const results: Partial<Record<keyof typeof targets, LoadResult>> = {};
  for (const name of ['product', 'health', 'dynamodb'] as const) {
    progress(`load: ${name} (${options.connections} connections, ${options.warmupS} s warm-up + ${options.durationS} s)`);
    results[name] = await load(targets[name], options);
  }
  const { product, health, dynamodb } = results as Record<keyof typeof targets, LoadResult>;
  // The two floors in series: a request through our stack pays at least the gateway's and the store's
  // cost. A floor that answered nothing makes the ratio meaningless (NaN fails the target).
  const floorRps = 1 / (1 / health.rps + 1 / dynamodb.rps);
  const efficiency = health.rps > 0 && dynamodb.rps > 0 ? product.rps / floorRps : NaN;
  return { product, health, dynamodb, efficiency };
}

/** Per floor, the npm packages beyond it (not our folders, not more of an SDK package the floor has). */
function importCostGroups(
  functions: FunctionSpec[],
  results: FunctionResult[],
  floors: Map<string, Floor>,
  stack: Endpoints,
  seeded: Seed,
  workDir: string,
): ImportCostGroup[] {
  const groups = new Map<string, ImportCostGroup>();
  for (const result of results) {
    const id = result.bundle.sdkClients.join('+');
    const floor = floors.get(id);
    if (floor === undefined || !('file' in floor)) continue;
    const fn = functions.find((candidate) => candidate.key === result.key) as FunctionSpec;
    const group = groups.get(id) ?? { clients: result.bundle.sdkClients, packages: [], env: lambdaEnv(fn, stack, workDir), floorInvocation: floorInvocation(seeded) };
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

function wholeNumber(name: 'runs' | 'duration' | 'warmup' | 'connections', least: number): number {
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
