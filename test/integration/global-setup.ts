/**
 * Boots the same stack `npm start` runs, on free ports with data in memory and the `test` stage's
 * short queue timeouts, and points the tests at it. With AWS_ENDPOINT_URL set (LocalStack, say) the
 * stack uses that instead of starting emulators: the tests are the same, only the endpoints change.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSigningKey } from '../../functions/users/adapters/signing-keys.ts';
import { ANY_PORTS, launchStack } from '../../scripts/local/launch.ts';

const ROOT = resolve(__dirname, '../..');

/** Each run keeps its stack's log for looking into afterwards; only the newest few are kept. */
const LOGS_KEPT = 5;

export default async function globalSetup(): Promise<void> {
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  pruneOldLogs(join(ROOT, '.local'));
  const logFile = join(ROOT, '.local', `integration-stack-${process.pid}.log`);
  // The stack signs with a key the tests also hold, so they can forge tokens with wrong claims.
  const signingKey = JSON.stringify(generateSigningKey());
  const stack = launchStack({
    root: ROOT,
    args: ['--stage', 'test', '--ephemeral', ...ANY_PORTS],
    env: { ...process.env, SIGNING_KEY_JWK: signingKey },
    logFile,
    readyFile: join(ROOT, '.local', `integration-ready-${process.pid}.json`),
  });
  (globalThis as { shopStack?: typeof stack }).shopStack = stack;
  const ready = await stack.ready;

  Object.assign(process.env, {
    SHOP_API_URL: ready.api,
    // The storefront, served as npm start serves it (the browser tests open it).
    SHOP_WEB_URL: ready.web,
    SHOP_STAGE: ready.stage,
    AWS_REGION: ready.region,
    AWS_ENDPOINT_URL_DYNAMODB: ready.dynamodb,
    AWS_ENDPOINT_URL_SQS: ready.sqs,
    AWS_ENDPOINT_URL_SSM: ready.ssm,
    AWS_ENDPOINT_URL_SESV2: ready.ses,
    // The SES emulator's own API (GET /store lists the mail sent).
    SHOP_SES_URL: ready.ses,
    SHOP_PAYMENT_PROVIDER_URL: ready.paymentProvider,
    // serverless-offline's Lambda API: the tests invoke scheduled functions (the sweeper) on demand.
    SHOP_LAMBDA_URL: ready.lambda,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // The stack's own output (function logs included), for tests that check what was logged.
    SHOP_STACK_LOG: logFile,
    SIGNING_KEY_JWK: signingKey,
  });
}

function pruneOldLogs(dir: string): void {
  const logs = readdirSync(dir)
    .filter((name) => /^integration-stack-\d+\.log$/.test(name))
    .map((name) => ({ file: join(dir, name), modified: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const { file } of logs.slice(LOGS_KEPT - 1)) rmSync(file, { force: true });
}
