/**
 * What `npm start` promises about itself: clear stops for missing prerequisites and taken ports, and a
 * clean shutdown that leaves no process behind so that it can start again at once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripeClient } from '../../functions/payments/adapters/stripe-client.ts';
import { freePort } from '../../scripts/local/prerequisites.ts';
import { ANY_PORTS, launchStack, START_TIMEOUT_MS, STOP_GRACE_MS } from '../../scripts/local/launch.ts';
import { isAlive, pollUntil } from '../../scripts/local/processes.ts';

const ROOT = resolve(__dirname, '../..');
// A stage of its own, so this test's data (under .local/<stage>/) is its own to keep and wipe.
const STAGE = `restart-${process.pid}`;
const START = join(ROOT, 'scripts/local/start.ts');
const RESET = join(ROOT, 'scripts/local/reset.ts');
// Keep the stack under test off real or LocalStack endpoints, whatever the outer run uses.
const { AWS_ENDPOINT_URL: _a, AWS_ENDPOINT_URL_DYNAMODB: _d, AWS_ENDPOINT_URL_SQS: _s, ...cleanEnv } = process.env;

// Each test may take as long as the waits in it may, so that a busy machine makes it slow, never
// failed: its starts and stops at the launcher's own limits (which then fail it saying why), and the
// stop of a stack's parts by its supervisor or watchdog (serverless offline, DynamoDB Local, the
// watchdog, each given its grace before SIGKILL).
/** A start that stops at its prerequisites or ports, before it starts anything. */
const REFUSAL_MS = 60_000;
const START_MS = START_TIMEOUT_MS;
/** A stop through the launcher: its grace, then the rest of the process group. */
const STOP_MS = STOP_GRACE_MS + 5_000;
const PARTS_STOP_MS = 45_000;
/** What no limit above bounds: ps, a reset, a request or two. */
const SLACK_MS = 30_000;

function runStart(args: string[], env: NodeJS.ProcessEnv = cleanEnv) {
  return spawnSync(process.execPath, [START, '--ephemeral', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: REFUSAL_MS });
}

/** Every process below `pid`, from `ps` (works on Linux and macOS). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** This test's own stack, on the given ports, with data kept under .local/<STAGE>/; through `npm start` if asked. */
function startStack(ports: string[], { throughNpm = false } = {}) {
  return launchStack({
    root: ROOT,
    args: ['--stage', STAGE, ...ports],
    env: cleanEnv,
    logFile: join(tmpdir(), `shop-restart-${process.pid}.log`),
    readyFile: join(tmpdir(), `shop-restart-${process.pid}.json`),
    // Its own process group, so that SIGTERM can go to npm alone.
    detached: throughNpm,
    throughNpm,
  });
}

/** The command line of a running process, from `ps`. */
const commandOf = (pid: number): string => execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();

/** Free ports for every part, as start.ts's options. */
async function fixedPorts(): Promise<string[]> {
  const flags = ['--http-port', '--lambda-port', '--dynamodb-port', '--sqs-port', '--ssm-port', '--ses-port', '--payment-provider-port'];
  const ports = await Promise.all(flags.map(() => freePort()));
  return flags.flatMap((flag, index) => [flag, String(ports[index])]);
}

/** A stack of its own, in memory, on `ports`. */
function ephemeralStack(name: string, ports: string[]) {
  return launchStack({
    root: ROOT,
    args: ['--stage', `${name}-${process.pid}`, '--ephemeral', ...ports],
    env: cleanEnv,
    logFile: join(tmpdir(), `shop-${name}-${process.pid}.log`),
    readyFile: join(tmpdir(), `shop-${name}-${process.pid}.json`),
  });
}

/** Until none of `pids` is alive, or `limitMs` passed; the ones still alive. */
async function survivorsAfter(pids: number[], limitMs: number): Promise<number[]> {
  await pollUntil(async () => !pids.some(isAlive), limitMs);
  return pids.filter(isAlive);
}

describe('npm start', () => {
  it('prints its options with --help, and no Node warning', () => {
    const result = spawnSync('npm', ['start', '--', '--help'], { cwd: ROOT, env: cleanEnv, encoding: 'utf8', timeout: 60_000 });

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ +--sqs-port <n> +SQS emulator/m);
    expect(result.stderr).not.toContain('Warning');
  }, REFUSAL_MS + SLACK_MS);

  it('stops at once, saying what to install, when Java is missing', () => {
    const result = runStart(['--http-port', '0'], { ...cleanEnv, PATH: '/nonexistent' });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Java is needed for DynamoDB Local');
    expect(result.stderr).toMatch(/Install Java 17 or newer/);
  }, REFUSAL_MS + SLACK_MS);

  it('names the port that is taken and what wanted it', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;

    const result = runStart(['--http-port', String(port), ...ANY_PORTS.slice(2)]);
    blocker.close();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${port} is taken, and the HTTP API (serverless-offline) wants it`);
  }, REFUSAL_MS + SLACK_MS);

  it('keeps data across a restart (the payment provider\'s ledger too), leaves no process behind when npm alone is sent SIGTERM (though npm runs it through a shell that does not pass the signal on), and starts again at once; reset wipes the data', async () => {
    // Every port its own, the same for both starts: no other stack on this machine (npm start on its
    // default ports, say) can hold one.
    const args = await fixedPorts();

    const account = { email: `kept-${process.pid}@example.com`, password: 'correct horse battery' };
    const post = (api: string, path: string, body: unknown) =>
      fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const first = startStack(args, { throughNpm: true });
    const created = await post((await first.ready).api, '/auth/register', { ...account, name: 'Kept' });
    // A charge the local provider took before the restart: a cancel after it must find it to refund it.
    const charged = await stripeClient((await first.ready).paymentProvider, 'sk_test_local').paymentIntents.create({ amount: 1500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
    const npm = Number(first.child.pid);
    const below = descendants(npm);
    process.kill(npm, 'SIGTERM'); // npm alone, as a process manager would; not its process group
    const survivors = await survivorsAfter(below, PARTS_STOP_MS);
    for (const pid of survivors) process.kill(pid, 'SIGKILL'); // leave nothing behind, whatever the outcome

    const second = startStack(args);
    const kept = await post((await second.ready).api, '/auth/login', account);
    const refund = await stripeClient((await second.ready).paymentProvider, 'sk_test_local').refunds.create({ payment_intent: charged.id });
    const refusedWhileRunning = spawnSync(process.execPath, [RESET, '--stage', STAGE], { cwd: ROOT, encoding: 'utf8' });
    const exitCode = await second.stop();
    const reset = spawnSync(process.execPath, [RESET, '--stage', STAGE], { cwd: ROOT, encoding: 'utf8' });

    expect(created.status).toBe(201);
    expect(below.length).toBeGreaterThanOrEqual(4); // a shell, start.ts, DynamoDB Local's java, serverless offline
    expect(survivors).toEqual([]);
    expect(kept.status).toBe(200);
    expect(charged.status).toBe('succeeded');
    expect(refund).toMatchObject({ amount: 1500, status: 'succeeded' });
    expect(refusedWhileRunning.status).toBe(1);
    expect(refusedWhileRunning.stderr).toContain('is running');
    expect(exitCode).toBe(0);
    expect(reset.status).toBe(0);
    expect(existsSync(join(ROOT, '.local', STAGE))).toBe(false);
  }, 2 * START_MS + PARTS_STOP_MS + STOP_MS + SLACK_MS);

  it('leaves nothing running when its supervisor is killed with SIGKILL, and ends what it left at the next start when its watchdog was killed with it; each time it starts again at once on the same ports', async () => {
    const ports = await fixedPorts();
    const first = ephemeralStack('killed', ports);
    await first.ready;
    const belowFirst = descendants(Number(first.child.pid));

    // The supervisor alone: its watchdog ends what it started.
    process.kill(Number(first.child.pid), 'SIGKILL');
    const second = ephemeralStack('after-kill', ports);
    const secondCameUp = await second.ready.then(() => true, (error: unknown) => String(error));
    const firstSurvivors = await survivorsAfter(belowFirst, PARTS_STOP_MS);
    for (const pid of firstSurvivors) process.kill(pid, 'SIGKILL'); // leave nothing behind, whatever the outcome

    // The supervisor and its watchdog: nothing ends the rest until the next start does.
    const belowSecond = descendants(Number(second.child.pid));
    const watchdog = belowSecond.find((pid) => commandOf(pid).includes('watchdog.ts'));
    if (watchdog !== undefined) process.kill(watchdog, 'SIGKILL');
    process.kill(Number(second.child.pid), 'SIGKILL');
    const left = await survivorsAfter(belowSecond, 1_000);
    const third = ephemeralStack('after-orphans', ports);
    const thirdCameUp = await third.ready.then(() => true, (error: unknown) => String(error));
    const secondSurvivors = belowSecond.filter(isAlive);
    for (const pid of secondSurvivors) process.kill(pid, 'SIGKILL');
    await third.stop();

    expect(belowFirst.length).toBeGreaterThanOrEqual(3); // DynamoDB Local's java, serverless offline, the watchdog
    expect(secondCameUp).toBe(true);
    expect(firstSurvivors).toEqual([]);
    expect(watchdog).toBeDefined();
    expect(left.length).toBeGreaterThanOrEqual(2); // DynamoDB Local's java and serverless offline
    expect(thirdCameUp).toBe(true);
    expect(secondSurvivors).toEqual([]);
  }, 3 * START_MS + PARTS_STOP_MS + STOP_MS + SLACK_MS);
});
