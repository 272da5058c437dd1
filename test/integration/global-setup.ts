/**
 * Boots the same stack `npm start` runs, on free ports with data in memory and the `test` stage's
 * short queue timeouts, and points the tests at it. With AWS_ENDPOINT_URL set (LocalStack, say) the
 * stack uses that instead of starting emulators: the tests are the same, only the endpoints change.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSigningKey } from '../../functions/users/adapters/signing-keys.ts';

const ROOT = resolve(__dirname, '../..');

export default async function globalSetup(): Promise<void> {
  const STACK_LOG = join(ROOT, '.local', `integration-stack-${process.pid}.log`);
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const readyFile = join(ROOT, '.local', `integration-ready-${process.pid}.json`);
  rmSync(readyFile, { force: true });
  const log = openSync(STACK_LOG, 'w');
  const ports = ['--http-port', '0', '--lambda-port', '0', '--dynamodb-port', '0', '--sqs-port', '0'];
  // The stack signs with a key the tests also hold, so they can forge tokens with wrong claims.
  const signingKey = JSON.stringify(generateSigningKey());
  const stack = spawn(
    process.execPath,
    ['scripts/local/start.ts', '--stage', 'test', '--ephemeral', ...ports, '--ready-file', readyFile],
    { cwd: ROOT, stdio: ['ignore', log, log], env: { ...process.env, SIGNING_KEY_JWK: signingKey } },
  );
  (globalThis as { shopStack?: typeof stack }).shopStack = stack;

  const started = Date.now();
  while (!existsSync(readyFile)) {
    if (stack.exitCode !== null || Date.now() - started > 90_000) {
      stack.kill('SIGTERM');
      const tail = readFileSync(STACK_LOG, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`The local stack did not start (see ${STACK_LOG}):\n${tail}`);
    }
    await sleep(100);
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as Record<string, string>;
  rmSync(readyFile);

  Object.assign(process.env, {
    SHOP_API_URL: ready.api,
    SHOP_STAGE: ready.stage,
    AWS_REGION: ready.region,
    AWS_ENDPOINT_URL_DYNAMODB: ready.dynamodb,
    AWS_ENDPOINT_URL_SQS: ready.sqs,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // The stack's own output (function logs included), for tests that check what was logged.
    SHOP_STACK_LOG: STACK_LOG,
    SIGNING_KEY_JWK: signingKey,
  });
}
