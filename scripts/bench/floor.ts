/**
 * A function's floor: the least any handler needs to do its job with the same SDK clients. A bundle
 * (same esbuild options) that builds those clients at module scope and, per event, makes one cheap real
 * call per client, then the work the job itself demands whatever the code (FloorWork), with node's own
 * crypto. What our function takes beyond it is our own share: middy, zod, powertools, jose, our code.
 */
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { SCRYPT_PARAMETERS } from '../../functions/users/adapters/scrypt-password-hasher.ts';
import { breakdownOf, type Breakdown } from './bundles.ts';

/**
 * Work a job requires of any implementation: checking or storing a password means one scrypt with the
 * parameters issue 3 set (about 40 ms of a core here, on purpose); handing out an access token means
 * one ES256 signature with the signing key (SIGNING_KEY_JWK, as our functions get it).
 */
export type FloorWork = 'hash-password' | 'sign-token';

const { log2N, r, p } = SCRYPT_PARAMETERS;
const WORK: Record<FloorWork, { imports: string; run: string }> = {
  'hash-password': {
    imports: "import { scrypt } from 'node:crypto';",
    run: `await new Promise((resolve, reject) => scrypt('a bench password', 'sixteen byte salt', 32, { N: ${2 ** log2N}, r: ${r}, p: ${p}, maxmem: ${2 * 128 * 2 ** log2N * r + 128 * r * p} }, (error, key) => (error ? reject(error) : resolve(key))));`,
  },
  'sign-token': {
    imports: "import { createPrivateKey, sign } from 'node:crypto';",
    run: "sign('sha256', Buffer.from('a.token'), { key: createPrivateKey({ key: JSON.parse(process.env.SIGNING_KEY_JWK), format: 'jwk' }), dsaEncoding: 'ieee-p1363' });",
  },
};

/** What a floor handler is given: where its cheap calls go. */
export type FloorEvent = { table: string; key: Record<string, string>; queue: string };

/** `call` is left out where the local stack has no such service to call (SSM): the client is only built. */
type FloorClient = { imports: string; name: string; construct: string; call?: string };

// One entry per SDK package a function may use, in the order they are built (the document client wraps
// the DynamoDB client). A function using both gets one Get through the document client, which runs
// through both, as ours does.
const CLIENTS: Record<string, FloorClient> = {
  '@aws-sdk/client-dynamodb': {
    imports: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
    name: 'dynamodb',
    construct: 'new DynamoDBClient({})',
    call: 'dynamodb.send(new GetItemCommand({ TableName: event.table, Key: Object.fromEntries(Object.entries(event.key).map(([k, v]) => [k, { S: v }])) }))',
  },
  '@aws-sdk/lib-dynamodb': {
    imports: "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
    name: 'documents',
    construct: 'DynamoDBDocumentClient.from(dynamodb)',
    call: 'documents.send(new GetCommand({ TableName: event.table, Key: event.key }))',
  },
  '@aws-sdk/client-sqs': {
    imports: "import { SQSClient, GetQueueUrlCommand } from '@aws-sdk/client-sqs';",
    name: 'sqs',
    construct: 'new SQSClient({})',
    call: 'sqs.send(new GetQueueUrlCommand({ QueueName: event.queue }))',
  },
  '@aws-sdk/client-ssm': {
    imports: "import { SSMClient } from '@aws-sdk/client-ssm';",
    name: 'ssm',
    construct: 'new SSMClient({})',
  },
};
const SUBSUMED_BY: Record<string, string> = { '@aws-sdk/client-dynamodb': '@aws-sdk/lib-dynamodb' };

/**
 * The floor handler's source (plain JS, for esbuild's stdin) for a set of SDK packages. `extras` are
 * packages imported whole on top (see import-cost.ts), kept reachable so esbuild cannot drop them.
 */
export function floorSource(packages: readonly string[], extras: readonly string[] = [], work: readonly FloorWork[] = []): string {
  const unknown = packages.filter((name) => CLIENTS[name] === undefined);
  if (unknown.length > 0) throw new Error(`No floor call for ${unknown.join(', ')}: add one to scripts/bench/floor.ts.`);
  const used = Object.entries(CLIENTS).filter(([name]) => packages.includes(name));
  const calls = used
    .filter(([name]) => !packages.includes(SUBSUMED_BY[name] ?? ''))
    .flatMap(([, client]) => (client.call === undefined ? [] : [client.call]));
  return [
    ...used.map(([, client]) => client.imports),
    ...work.map((name) => WORK[name].imports),
    ...extras.map((name, i) => `import * as extra${i} from '${name}';`),
    ...used.map(([, client]) => `const ${client.name} = ${client.construct};`),
    // Kept reachable, so esbuild cannot drop what is imported but not called.
    `globalThis.benchKeep = [${[...used.map(([, client]) => client.name), ...extras.map((_, i) => `extra${i}`)].join(', ')}];`,
    'export const handler = async (event) => {',
    `  await Promise.all([${calls.join(', ')}]);`,
    ...work.map((name) => `  ${WORK[name].run}`),
    '  return { ok: true };',
    '};',
  ].join('\n');
}

export async function buildFloor(
  root: string,
  packages: readonly string[],
  options: BuildOptions,
  outDir: string,
  { extras = [], work = [] }: { extras?: readonly string[]; work?: readonly FloorWork[] } = {},
): Promise<{ file: string; bundleBytes: number; breakdown: Breakdown }> {
  const name = floorId(packages, work, extras).replace(/[@/]/g, '_');
  const file = join(outDir, `floor-${name}.mjs`);
  const { outExtension: _named, ...rest } = options;
  const result = await build({
    ...rest,
    stdin: { contents: floorSource(packages, extras, work), resolveDir: root, sourcefile: `floor-${name}.js`, loader: 'js' },
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const breakdown = breakdownOf(result.metafile);
  const bundleBytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { file, bundleBytes, breakdown };
}

/** A floor's name: its clients, its work and any extra packages. */
export function floorId(packages: readonly string[], work: readonly FloorWork[] = [], extras: readonly string[] = []): string {
  const clients = packages.length === 0 ? 'no-sdk' : packages.map((name) => name.replace('@aws-sdk/', '')).join('+');
  return [clients, ...work, ...extras].join('+');
}
