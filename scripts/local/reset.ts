/**
 * `npm run reset`: wipes the local stack's data (DynamoDB Local's tables, the SQS emulator's queues)
 * for a stage, `local` by default, so the next `npm start` begins empty. Refuses while that stage runs.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isAlive } from './processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const { values } = parseArgs({ options: { stage: { type: 'string', default: 'local' }, help: { type: 'boolean', default: false } } });

if (values.help) {
  console.log('npm run reset [-- --stage <name>]   wipe .local/<stage>/ (default stage: local)');
  process.exit(0);
}
if (!/^[A-Za-z0-9-]+$/.test(values.stage)) {
  console.error(`npm run reset: "${values.stage}" is not a stage name.`);
  process.exit(2);
}

const dataDir = join(ROOT, '.local', values.stage);
const pidFile = join(dataDir, 'running.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (isAlive(pid)) {
    console.error(`npm run reset: the ${values.stage} stack is running (pid ${pid}); stop it (Ctrl-C) first.`);
    process.exit(1);
  }
}
if (!existsSync(dataDir)) {
  console.log(`Nothing to reset: ${dataDir} does not exist.`);
} else {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`Wiped ${dataDir}: the next npm start begins with empty tables and queues.`);
}
