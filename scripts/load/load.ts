/**
 * `npm run load`: a crowd of customers on the shop (crowd.ts), with a live line while it runs and a
 * summary at the end. `npm run load -- --help` lists the options.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANY_PORTS, launchStack, type LaunchedStack } from '../local/launch.ts';
import { asUsage, exitCodeOf } from '../usage-error.ts';
import { Crowd, DEFAULT_MIX, parseMix, type LoadOptions } from './crowd.ts';
import { adminFor, liveLine, positive, share } from './setup.ts';
import { summaryOf } from './summary.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const HELP = `npm run load [-- options]
  --url <api>             the shop's API (default http://127.0.0.1:3000, the stack of npm start); every call
                          goes there and nowhere else
  --launch                start a stack of its own on free ports (data in memory) and stop it afterwards
  --customers <n>         customers in the crowd (default 20)
  --rate <n>              actions a second, over the whole crowd (default 10)
  --duration <s>          seconds (default 60)
  --orders <n>            place exactly n orders, spread over the run, besides the mix
  --mix <list>            weights of the actions, e.g. browse=30,order=20 (default ${Object.entries(DEFAULT_MIX).map(([action, weight]) => `${action}=${weight}`).join(',')})
  --scarce-share <0-1>    the share of orders for a scarce product (default 0.2)
  --settle <s>            after the run, how long to wait at most for its orders to end (default 60)
  --admin-email <email>, --admin-password <password>
                          an admin's sign-in, to lay out products and restock. Needed for a deployed stage;
                          on the local stack, one is made when not given (npm run admin:promote)
  --stage <name>, --dynamodb-port <n>
                          the local stack's stage and DynamoDB port, to make that admin (default local, 8000)`;

async function main(): Promise<number> {
  const { values } = asUsage(() => parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      launch: { type: 'boolean', default: false },
      customers: { type: 'string', default: '20' },
      rate: { type: 'string', default: '10' },
      duration: { type: 'string', default: '60' },
      orders: { type: 'string' },
      mix: { type: 'string' },
      'scarce-share': { type: 'string', default: '0.2' },
      settle: { type: 'string', default: '60' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      stage: { type: 'string', default: 'local' },
      'dynamodb-port': { type: 'string', default: '8000' },
      help: { type: 'boolean', default: false },
    },
  }));
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let stack: LaunchedStack | undefined;
  try {
    let api = values.url;
    let local = { stage: values.stage, dynamodb: `http://127.0.0.1:${positive('dynamodb-port', values['dynamodb-port'])}` };
    if (values.launch) {
      mkdirSync(join(ROOT, '.local'), { recursive: true });
      console.error('Starting a stack of its own on free ports…');
      stack = launchStack({
        root: ROOT,
        args: ['--stage', 'local', '--ephemeral', ...ANY_PORTS],
        env: process.env,
        logFile: join(ROOT, '.local', `load-stack-${process.pid}.log`),
        readyFile: join(ROOT, '.local', `load-ready-${process.pid}.json`),
      });
      const ready = await stack.ready;
      api = ready.api;
      local = { stage: ready.stage, dynamodb: ready.dynamodb };
    }
    const admin = await adminFor(api, values['admin-email'], values['admin-password'], local);
    const options: LoadOptions = {
      api,
      customers: positive('customers', values.customers),
      rate: positive('rate', values.rate),
      durationSeconds: positive('duration', values.duration),
      ...(values.orders === undefined ? {} : { orders: positive('orders', values.orders) }),
      mix: values.mix === undefined ? DEFAULT_MIX : asUsage(() => parseMix(values.mix ?? '')),
      scarceShare: share(values['scarce-share']),
      admin,
      settleSeconds: Number(values.settle),
      onProgress: liveLine(),
    };
    console.error(`Load on ${api}: ${options.customers} customers, ${options.rate} actions/s for ${options.durationSeconds} s${options.orders === undefined ? '' : `, ${options.orders} orders`}`);
    const crowd = new Crowd(options);
    await crowd.setUp();
    const record = await crowd.run();
    process.stderr.write('\n');
    console.log(summaryOf(record));
    return 0;
  } finally {
    await stack?.stop();
  }
}

process.exitCode = await exitCodeOf('load', main);
