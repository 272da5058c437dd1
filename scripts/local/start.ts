/**
 * `npm start`: the whole shop on this machine, with no Docker and no AWS account.
 * Starts DynamoDB Local, an SQS emulator (fauxqs), an SSM emulator and a local SES (aws-ses-v2-local), then `serverless offline`, whose local plugin
 * creates every table and queue from serverless.yml and feeds the queues to their functions.
 * Ctrl-C or SIGTERM stops all of it. `npm start -- --help` lists the options.
 *
 * Endpoint variables already set (AWS_ENDPOINT_URL, or AWS_ENDPOINT_URL_DYNAMODB / _SQS / _SSM / _SESV2) mean "use that
 * one" (LocalStack, say): the matching emulator is not started.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { generateSigningKey } from '../../functions/users/adapters/signing-keys.ts';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { startDynamoDbLocal, startSqsEmulator, type Emulator } from './emulators.ts';
import { WITHOUT_GRANTS_VARIABLE } from './local-iam-policies.ts';
import { localSsmClient, startSsmEmulator } from './ssm-emulator.ts';
import { startSesEmulator } from './ses-emulator.ts';
import { startPaymentProvider } from './payment-provider.ts';
import { routesBanner } from './offline-banner.ts';
import { endOrphans, StackLedger } from './owned-processes.ts';
import { exitOf, isAlive, pollUntil, stopChild } from './processes.ts';
import { freePort, requireFreePort, requireJava, requireNode, StartError } from './prerequisites.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where each running supervisor notes what it started (see owned-processes.ts). */
const RUN_DIR = join(ROOT, '.local', 'run');
const REGION = 'eu-west-1';
/** Far more than a start takes (about 10 s), even on a loaded machine. */
const STARTUP_LIMIT_MS = 120_000;

const HELP = `npm start [-- options]
  --stage <name>          serverless stage (default: local; its data lives in .local/<stage>/)
  --http-port <n>         HTTP API (default 3000)
  --lambda-port <n>       serverless-offline's Lambda invoke endpoint (default 3002)
  --dynamodb-port <n>     DynamoDB Local (default 8000)
  --sqs-port <n>          SQS emulator (default 9324)
  --ssm-port <n>          SSM Parameter Store emulator (default 4583)
  --ses-port <n>          SES emulator, with a web page of the mail sent (default 8005)
  --payment-provider-port <n>  the local payment provider (default 4010)
  --ephemeral             keep data in memory only (the tests use this)
  --workers               run each function in a worker thread per concurrent invocation instead of in
                          serverless-offline's own process: code changes are picked up without a restart
                          and each function has its own process.env, but every request in flight beyond
                          the warm workers starts a new one (see the README)
  --in-process            the default: every function in serverless-offline's own process
  --without-grant <function>:<action>
                          run as if that function's grants did not allow that action (e.g.
                          orderEvents:ses:SendEmail): see what it does without it; may be repeated
  --ready-file <path>     write the endpoints as JSON there once ready
  --data-dir <path>       keep the data there instead of .local/<stage>/
  --restart-on-crash      restart serverless offline or DynamoDB Local (with its data) when it dies, instead
                          of stopping everything (for fault injection: npm run chaos)
  --delivery-faults <path>  a JSON file the local SQS event source reads for its faults while running:
                          {"duplicateUntil": "<ISO time>"} delivers every message twice until then
A port of 0 means "any free port".`;

const { values: options } = parseArgs({
  options: {
    stage: { type: 'string', default: 'local' },
    'http-port': { type: 'string', default: '3000' },
    'lambda-port': { type: 'string', default: '3002' },
    'dynamodb-port': { type: 'string', default: '8000' },
    'sqs-port': { type: 'string', default: '9324' },
    'ssm-port': { type: 'string', default: '4583' },
    'ses-port': { type: 'string', default: '8005' },
    'payment-provider-port': { type: 'string', default: '4010' },
    ephemeral: { type: 'boolean', default: false },
    workers: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    'without-grant': { type: 'string', multiple: true, default: [] },
    'ready-file': { type: 'string' },
    'data-dir': { type: 'string' },
    'restart-on-crash': { type: 'boolean', default: false },
    'delivery-faults': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const stoppers: Array<() => Promise<void>> = [];
let stopping = false;

async function main(): Promise<void> {
  if (options.help) {
    console.log(HELP);
    return;
  }
  if (options.workers && options['in-process']) throw new StartError('--workers and --in-process exclude each other; give one.');
  const env = process.env;
  const externalDynamoDb = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  const externalSqs = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  const externalSsm = env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL;
  const externalSes = env.AWS_ENDPOINT_URL_SESV2 ?? env.AWS_ENDPOINT_URL;

  requireNode(22);
  if (externalDynamoDb === undefined) requireJava();
  // A supervisor killed outright (kill -9) may have left its parts running, holding their ports.
  const orphans = await endOrphans(RUN_DIR);
  if (orphans.length > 0) console.error(`A previous npm start ended without stopping its parts; stopped ${orphans.join(', ')}.`);
  const ledger = watchedLedger();
  const ports = {
    http: await portOption('http-port', 'the HTTP API (serverless-offline)'),
    lambda: await portOption('lambda-port', "serverless-offline's Lambda endpoint"),
    dynamodb: externalDynamoDb === undefined ? await portOption('dynamodb-port', 'DynamoDB Local') : undefined,
    // fauxqs listens on every interface, so the port must be free on all of them.
    sqs: externalSqs === undefined ? await portOption('sqs-port', 'the SQS emulator (fauxqs)', '0.0.0.0') : undefined,
    ssm: externalSsm === undefined ? await portOption('ssm-port', 'the SSM emulator') : undefined,
    ses: externalSes === undefined ? await portOption('ses-port', 'the SES emulator (aws-ses-v2-local)') : undefined,
    paymentProvider: await portOption('payment-provider-port', 'the local payment provider'),
  };

  if (options.ephemeral && options['data-dir'] !== undefined) throw new StartError('--ephemeral and --data-dir exclude each other; give one.');
  const dataDir = options.ephemeral ? undefined : resolve(options['data-dir'] ?? join(ROOT, '.local', options.stage));
  if (dataDir !== undefined) {
    // `npm run reset` reads this to refuse wiping data under a running stack.
    const pidFile = join(dataDir, 'running.pid');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(pidFile, String(process.pid));
    stoppers.push(async () => rmSync(pidFile, { force: true }));
  }

  const startDynamoDb = (port: number) => startDynamoDbLocal(port, dataDir && join(dataDir, 'dynamodb'), (pid) => ledger.addGroup('DynamoDB Local', pid));
  const [dynamodb, sqs, ssm, ses, paymentProvider] = await Promise.all([
    ports.dynamodb === undefined ? undefined : startDynamoDb(ports.dynamodb),
    ports.sqs === undefined ? undefined : startSqsEmulator(ports.sqs, dataDir && join(dataDir, 'sqs')),
    ports.ssm === undefined ? undefined : startSsmEmulator({ port: ports.ssm }),
    ports.ses === undefined ? undefined : startSesEmulator({ port: ports.ses }),
    startPaymentProvider({ port: ports.paymentProvider, ...(dataDir === undefined ? {} : { journal: join(dataDir, 'payment-provider', 'ledger.jsonl') }) }),
  ]);
  for (const emulator of [sqs, ssm, ses, paymentProvider]) {
    if (emulator === undefined) continue;
    stoppers.unshift(() => emulator.stop());
    watch(emulator);
  }
  if (dynamodb !== undefined && ports.dynamodb !== undefined) {
    const port = ports.dynamodb;
    keepRunning('DynamoDB Local', dynamodb, () => startDynamoDb(port));
  }
  const endpoints = {
    dynamodb: dynamodb?.url ?? String(externalDynamoDb),
    sqs: sqs?.url ?? String(externalSqs),
    ssm: ssm?.url ?? String(externalSsm),
    ses: ses?.url ?? String(externalSes),
  };
  // The users service reads its private signing key from SSM, here as on AWS: no function's
  // environment holds it.
  await putParameter(endpoints.ssm, signingKeyParameter(), signingKey(env.SIGNING_KEY_JWK), 'SecureString');
  // The payments service's key to its provider, a SecureString as on AWS: the local provider takes any
  // test key. (The provider's URL is a parameter the payments stack publishes: SHOP_PAYMENT_PROVIDER_URL below.)
  await putParameter(endpoints.ssm, paymentProviderKeyParameter(), 'sk_test_local', 'SecureString');

  // serverless-esbuild leaves its work folder behind when offline stops; it is ours to remove
  // (and so are those of runs that were killed before they could).
  pruneStaleBuildDirs();
  const api = `http://127.0.0.1:${ports.http}`;
  const buildDir = join('.esbuild', `${options.stage}-${process.pid}`);
  stoppers.push(async () => rmSync(join(ROOT, buildDir), { recursive: true, force: true }));
  const startOffline = (): { part: Part; ready: Promise<void> } => {
    const offline = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/serverless/bin/serverless.js'),
        'offline',
        'start',
        '--stage',
        options.stage,
        '--region',
        REGION,
        '--host',
        '127.0.0.1',
        '--httpPort',
        String(ports.http),
        '--lambdaPort',
        String(ports.lambda),
        // Functions see this process's environment (the endpoints), not only AWS_* variables.
        '--localEnvironment',
        // In process by default: serverless-offline's worker mode starts a worker thread (a cold V8 isolate
        // loading the bundle) for every concurrent call that finds no idle one, with no bound, so a burst of
        // connections on a small machine queues behind those cold starts and its memory grows with them.
        ...(options.workers ? [] : ['--useInProcess']),
      ],
      {
        cwd: ROOT,
        // Its output through routesBanner (offline-banner.ts), which leaves out what would mislead.
        stdio: ['inherit', 'pipe', 'inherit'],
        detached: true, // its own process group: see stopChild
        env: {
          ...withoutSecrets(env),
          // Never real credentials: everything this stack signs goes to a local endpoint.
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_REGION: REGION,
          AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
          AWS_ENDPOINT_URL_SQS: endpoints.sqs,
          AWS_ENDPOINT_URL_SSM: endpoints.ssm,
          AWS_ENDPOINT_URL_SESV2: endpoints.ses,
          SHOP_BUILD_DIR: buildDir,
          // Every function's AWS calls are checked against its role (see offline-plugin.ts), less these grants.
          [WITHOUT_GRANTS_VARIABLE]: options['without-grant'].join(','),
          // The payments stack publishes its provider's URL from this (lib/serverless/params.yml): here the local one.
          SHOP_PAYMENT_PROVIDER_URL: paymentProvider.url,
          // Only worker threads pick code changes up while running, so only they keep esbuild's
          // incremental contexts (see lib/serverless/esbuild.yml).
          SHOP_ESBUILD_SKIP_REBUILD: options.workers ? 'false' : 'true',
          // Read by the local SQS event source (offline-plugin.ts).
          ...(options['delivery-faults'] === undefined ? {} : { SHOP_DELIVERY_FAULTS_FILE: resolve(options['delivery-faults']) }),
        },
      },
    );
    ledger.addGroup('serverless offline', offline.pid);
    passOn(offline.stdout, routesBanner());
    const exited = exitOf(offline, () => `serverless offline exited (code ${offline.exitCode ?? offline.signalCode}).`);
    const ready = Promise.race([
      waitForHealth(`${api}/health`, STARTUP_LIMIT_MS),
      exited.then((reason) => Promise.reject(new StartError(reason))),
    ]);
    return { part: { exited, stop: () => stopChild(offline, 15_000) }, ready };
  };
  const offline = startOffline();
  keepRunning('serverless offline', offline.part, async () => {
    const again = startOffline();
    // One that does not answer in time is stopped, not left behind.
    await again.ready.catch(async (error: unknown) => {
      await again.part.stop();
      throw error;
    });
    return again.part;
  });
  await offline.ready;

  const ready = {
    stage: options.stage,
    api,
    lambda: `http://127.0.0.1:${ports.lambda}`,
    dynamodb: endpoints.dynamodb,
    sqs: endpoints.sqs,
    ssm: endpoints.ssm,
    ses: endpoints.ses,
    paymentProvider: paymentProvider.url,
    region: REGION,
    // Where the pids of its parts are noted (owned-processes.ts), for whoever injects faults.
    processes: ledger.file,
    data: dynamodb === undefined && sqs === undefined ? 'kept by the endpoints above' : (dataDir ?? 'in memory (--ephemeral)'),
  };
  if (options['ready-file'] !== undefined) writeFileSync(options['ready-file'], JSON.stringify(ready));
  console.log(`
The shop is running (stage ${ready.stage}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s):
  HTTP API        ${ready.api}          try: curl ${ready.api}/products
  DynamoDB        ${ready.dynamodb}${dynamodb ? '          (DynamoDB Local)' : ''}
  SQS             ${ready.sqs}${sqs ? '          (fauxqs)' : ''}
  SSM             ${ready.ssm}${ssm ? '          (Parameter Store emulator)' : ''}
  SES             ${ready.ses}${ses ? `          (aws-ses-v2-local: open it to see the mail sent; JSON at ${ready.ses}/store)` : ''}
  Payment provider ${ready.paymentProvider}   (local; faults: curl ${ready.paymentProvider}/control)
  Lambda invoke   ${ready.lambda}
  Data            ${ready.data}
Ctrl-C stops everything.`);
}

async function portOption(name: 'http-port' | 'lambda-port' | 'dynamodb-port' | 'sqs-port' | 'ssm-port' | 'ses-port' | 'payment-provider-port', wantedBy: string, host?: string): Promise<number> {
  const port = Number(options[name]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartError(`--${name} must be a port number, not "${options[name]}".`);
  if (port === 0) return freePort();
  await requireFreePort(port, wantedBy, host);
  return port;
}

/**
 * This supervisor's record of what it starts, and a watchdog that ends all of it should this process
 * die without stopping it (kill -9). The watchdog holds the read end of a pipe from this process;
 * it sees the pipe close when this process ends, however it ends.
 */
function watchedLedger(): StackLedger {
  const ledger = new StackLedger(RUN_DIR);
  const watchdog = spawn(process.execPath, [join(import.meta.dirname, 'watchdog.ts'), ledger.file], {
    stdio: ['pipe', 'ignore', 'inherit'],
    detached: true,
  });
  // Neither the pipe nor the watchdog keeps this process alive.
  watchdog.stdin?.on('error', () => {});
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.unref();
  // A clean stop has stopped every part: nothing is left to watch, and no process of ours outlives this one.
  stoppers.push(async () => {
    ledger.remove();
    watchdog.kill('SIGTERM');
    await pollUntil(async () => watchdog.exitCode !== null || watchdog.signalCode !== null, 5000);
  });
  return ledger;
}

function pruneStaleBuildDirs(): void {
  const root = join(ROOT, '.esbuild');
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    const pid = Number(/-(\d+)$/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && !isAlive(pid)) rmSync(join(root, entry), { recursive: true, force: true });
  }
}

/**
 * The private key the users service signs access tokens with, locally: the one given in the
 * environment, else a dev key made on the first start under .local/keys/ (git-ignored; kept across
 * restarts and resets, so tokens stay valid), or a fresh one per run for --ephemeral.
 */
function signingKey(given: string | undefined): string {
  if (given !== undefined) return given;
  if (options.ephemeral) return JSON.stringify(generateSigningKey());
  const file = join(ROOT, '.local', 'keys', `${options.stage}.private.jwk.json`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(generateSigningKey()), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8');
}

/** As functions/users/settings.yml names it (signingKeyParameter). */
const signingKeyParameter = () => `/shop-secret/${options.stage}/users/signing-keys`;

/** As functions/payments/settings.yml names it (providerKeyParameter). */
const paymentProviderKeyParameter = () => `/shop-secret/${options.stage}/payments/provider-key`;

async function putParameter(endpoint: string, name: string, value: string, type: 'String' | 'SecureString'): Promise<void> {
  const ssmClient = localSsmClient(endpoint);
  await ssmClient.send(new PutParameterCommand({ Name: name, Value: value, Type: type, Overwrite: true }));
  ssmClient.destroy();
}

/** This shell's environment less its AWS credentials and the signing key, which live in the local SSM. */
function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _p, AWS_SESSION_TOKEN: _t, AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, SIGNING_KEY_JWK: _k, ...rest } = env;
  return rest;
}

/** Until the route answers as our health handler does (serverless-offline says 200 even for a crash). */
async function waitForHealth(url: string, limitMs: number): Promise<void> {
  const answersOk = async () => {
    const response = await fetch(url);
    return response.ok && ((await response.json()) as { status?: string }).status === 'ok';
  };
  // serverless offline can fail at start without exiting (a bad authorizer setting, say).
  if (!(await pollUntil(answersOk, limitMs))) {
    throw new StartError(`serverless offline did not answer ${url} within ${limitMs / 1000} s; its output above says why.`);
  }
}

/** Every line of `output` to this process's stdout, through `filter`. */
function passOn(output: Readable, filter: ReturnType<typeof routesBanner>): void {
  const lines = createInterface({ input: output, crlfDelay: Infinity });
  const print = (printed: string[]) => {
    for (const line of printed) process.stdout.write(`${line}\n`);
  };
  lines.on('line', (line) => print(filter.line(line)));
  lines.on('close', () => print(filter.end()));
}

type Part = Pick<Emulator, 'exited' | 'stop'>;

/**
 * A part this supervisor stops last-started-first, and watches: when it dies on its own it takes the
 * rest down with it, or, with --restart-on-crash, is started again (same ports, same data) and watched
 * anew. A restart that fails stops everything; a stop during a restart waits for it, then stops it.
 */
function keepRunning(name: string, first: Part, start: () => Promise<Part>): void {
  let current = Promise.resolve(first);
  stoppers.unshift(async () => (await current).stop());
  if (!options['restart-on-crash']) return watch(first);
  const restartWhenGone = (part: Part): void => {
    void part.exited.then(async (reason) => {
      if (stopping) return;
      console.error(`\n${reason}\nRestarting ${name} (--restart-on-crash).`);
      current = start();
      try {
        restartWhenGone(await current);
        console.error(`${name} is back.`);
      } catch (error) {
        current = Promise.resolve(part);
        console.error(`${name} did not come back: ${(error as Error).message}\nStopping the rest.`);
        await stop(1);
      }
    });
  };
  restartWhenGone(first);
}

/** A part that dies on its own takes the rest down with it, saying which one and why. */
function watch(part: Pick<Emulator, 'exited'>): void {
  void part.exited.then(async (reason) => {
    if (stopping) return;
    console.error(`\n${reason}\nStopping the rest.`);
    await stop(1);
  });
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const stopper of stoppers) {
    try {
      await stopper();
    } catch (error) {
      console.error(`While stopping: ${(error as Error).message}`);
    }
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));

// npm runs this through `sh -c`, which does not pass a SIGTERM on: told to stop, npm stops the shell,
// and this process would be left to init with everything it started. It stops with whoever started it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    console.error('\nThe process that started this one is gone (npm stopped, say). Stopping.');
    void stop(0);
  }
}, 500).unref();

main().catch(async (error: unknown) => {
  console.error(error instanceof StartError ? `\nnpm start: ${error.message}` : error);
  await stop(1);
});
