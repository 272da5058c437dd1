/**
 * `npm run chaos`: the load generator on a local stack of its own while faults from a schedule are
 * injected; then it waits for every order to end, checks the invariants (invariants.ts) against what
 * the services and emulators hold, prints a report, writes a chart of the saga's latency with the
 * fault windows, and exits 1 when an invariant is broken. `npm run chaos -- --help` lists the options.
 *
 * Its stack runs the `chaos` stage (lib/serverless/params.yml) with its data on disk, so that DynamoDB
 * Local restarts with it, and with --restart-on-crash, so that its supervisor brings a killed part back
 * (the supervisor owns the parts, their ports and their environment: restarting them is its job).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { documentClient } from '../../lib/aws/document-client.ts';
import { LOCAL_CREDENTIALS } from '../aws-target.ts';
import { drained, type DeadLetterQueue } from '../dlq/queues.ts';
import { ANY_PORTS, launchStack, type Endpoints } from '../local/launch.ts';
import { Crowd, DEFAULT_MIX, FINAL_STATES } from '../load/crowd.ts';
import { adminFor, liveLine, positive } from '../load/setup.ts';
import { summaryOf } from '../load/summary.ts';
import { asUsage, exitCodeOf } from '../usage-error.ts';
import { sagaChart } from './chart.ts';
import { gatherEvidence, ordersInTable, type Sources } from './evidence.ts';
import { FaultInjector, type PoisonSent } from './faults.ts';
import { checkInvariants, type Deadlines } from './invariants.ts';
import { chaosReport, sagaPoints } from './report.ts';
import { formatSchedule, parseFaults } from './schedule.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STAGE = 'chaos';
/** The chaos stage's deadlines (lib/serverless/params.yml: the defaults) and the sweeper's period (functions/orders/functions.yml). */
const DEADLINES: Deadlines = { stockSeconds: 60, paymentSeconds: 120, compensationSeconds: 60, sweepSeconds: 60 };
/** Once the orders have ended, how long the queues may take to drain and the poison to reach the DLQs. */
const DRAIN_WITHIN_MS = 120_000;

const HELP = `npm run chaos [-- options]
  --orders <n>        orders to place, spread over the run (default 100)
  --duration <s>      seconds of load (default 180)
  --customers <n>     customers placing them (default: enough that none places more than 10 a minute)
  --rate <n>          other actions a second: browsing, reading orders and notifications, cancels, restocks (default 3)
  --faults <list>     the schedule: "default", "none", or kind@second and kind@second+seconds, comma-separated,
                      of kill-functions, restart-dynamodb, poison (once) and duplicates, provider-outage,
                      provider-slow, provider-errors, provider-declines (lasting)
  --wait <s>          after the load, how long at most to wait for every order to end (default 600)
  --chart <path>      where to write the chart of the saga's latency (default docs/chaos.svg)
It starts a stack of its own on free ports (stage chaos, its data under .local/), prints the schedule,
runs, waits for every order to end, checks the invariants and prints the report. Exit code 1 when an
invariant is broken.`;

async function main(): Promise<number> {
  const { values } = asUsage(() =>
    parseArgs({
      options: {
        orders: { type: 'string', default: '100' },
        duration: { type: 'string', default: '180' },
        customers: { type: 'string' },
        rate: { type: 'string', default: '3' },
        faults: { type: 'string', default: 'default' },
        wait: { type: 'string', default: '600' },
        chart: { type: 'string', default: join(ROOT, 'docs', 'chaos.svg') },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const orders = positive('orders', values.orders);
  const durationSeconds = positive('duration', values.duration);
  const customers = values.customers === undefined ? Math.max(5, Math.ceil((orders / durationSeconds) * 6)) : positive('customers', values.customers);
  const schedule = asUsage(() => parseFaults(values.faults, durationSeconds));
  console.log(formatSchedule(schedule));

  const runDir = join(ROOT, '.local', `chaos-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const deliveryFaultsFile = join(runDir, 'delivery-faults.json');
  const logFile = join(ROOT, '.local', `chaos-stack-${process.pid}.log`);
  console.error(`Starting a stack of its own (stage ${STAGE}; its output in ${logFile})…`);
  const launched = launchStack({
    root: ROOT,
    args: ['--stage', STAGE, '--data-dir', join(runDir, 'data'), '--restart-on-crash', '--delivery-faults', deliveryFaultsFile, ...ANY_PORTS],
    env: process.env,
    logFile,
    readyFile: join(runDir, 'ready.json'),
  });
  try {
    const stack = await launched.ready;
    const sources = clientsOf(stack);
    const admin = await adminFor(stack.api, undefined, undefined, stack);
    console.error(`Watch it on the operator's page, ${stack.web}/admin/operations (sign in as ${admin.email}, password "${admin.password}").`);
    const crowd = new Crowd({
      api: stack.api,
      customers,
      rate: positive('rate', values.rate),
      durationSeconds,
      orders,
      mix: DEFAULT_MIX,
      scarceShare: 0.2,
      admin,
      settleSeconds: 0,
      onProgress: liveLine(),
    });
    await crowd.setUp();
    const injector = new FaultInjector({
      stack,
      sqs: sources.sqs,
      deliveryFaultsFile,
      declined: () => crowd.record.customers.filter((_, index) => index % 5 === 0).map(({ id }) => id),
      runId: String(process.pid),
    });
    console.error(`Load: ${orders} orders by ${customers} customers over ${durationSeconds} s, and ${values.rate} other actions a second`);
    const start = Date.now();
    await Promise.all([crowd.run(), injector.run(schedule, start, (line) => console.error(`\n${line}`))]);

    await everyOrderEnded(sources, Number(values.wait) * 1000);
    await drained(sources.sqs, `shop-${stack.stage}-`, { withinMs: DRAIN_WITHIN_MS, quietMs: 1000, deadLetters: poisonLanded(injector.poison) });
    // The customers read their orders once more, so that the load's summary shows how they ended.
    await crowd.settle(0);
    const evidence = await gatherEvidence(sources, crowd.record);
    // While the functions or DynamoDB are down, no deadline can be acted on.
    const pauses = injector.runs.filter(({ kind }) => kind === 'kill-functions' || kind === 'restart-dynamodb').map(({ startedAt, endedAt }) => ({ from: startedAt, to: endedAt }));
    const violations = checkInvariants({ ...crowd.record, poison: injector.poison }, evidence, DEADLINES, pauses);
    const run = { record: crowd.record, evidence, faults: injector.runs, violations };

    console.log(`\n${summaryOf(crowd.record)}\n\n${chaosReport(run)}`);
    const windows = injector.runs.map(({ kind, startedAt, endedAt }) => ({ kind, fromSeconds: (startedAt - crowd.record.startedAt) / 1000, toSeconds: (endedAt - crowd.record.startedAt) / 1000 }));
    mkdirSync(dirname(values.chart), { recursive: true });
    writeFileSync(values.chart, sagaChart(sagaPoints(run), windows, `The saga under faults: ${orders} orders, ${injector.runs.length} faults`));
    console.log(`\nChart: ${values.chart}`);
    return violations.length === 0 ? 0 : 1;
  } finally {
    await launched.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

function clientsOf(stack: Endpoints): Sources {
  const dynamo = new DynamoDBClient({ region: stack.region, endpoint: stack.dynamodb, credentials: LOCAL_CREDENTIALS });
  return { stack, documents: documentClient(dynamo), sqs: new SQSClient({ region: stack.region, endpoint: stack.sqs, credentials: LOCAL_CREDENTIALS }) };
}

/** Until no order in the table is open (each has ended, CONFIRMED included), or `limitMs` has passed. */
async function everyOrderEnded(sources: Sources, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  let said = 0;
  for (;;) {
    const open = (await ordersInTable(sources)).filter(({ state }) => !FINAL_STATES.includes(state));
    if (open.length === 0 || Date.now() > deadline) return;
    if (Date.now() - said > 10_000) {
      said = Date.now();
      console.error(`Waiting for ${open.length} order(s) to end (${[...new Set(open.map(({ state }) => state))].join(', ')})…`);
    }
    await sleep(3000);
  }
}

/** Each DLQ holds at least the poison sent its way. */
const poisonLanded = (poison: readonly PoisonSent[]) => (dlqs: DeadLetterQueue[]): boolean =>
  dlqs.every((dlq) => dlq.visible + dlq.inFlight >= poison.filter(({ deadLetterQueue }) => deadLetterQueue === dlq.name).length);

process.exit(await exitCodeOf('chaos', main));
