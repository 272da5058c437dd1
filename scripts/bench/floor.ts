/**
 * A function's floor: the least any handler needs to do its job with the same SDK clients. A bundle
 * (same esbuild options) that builds those clients at module scope and, per event, does what the job
 * demands of any code (FloorPart): the store requests its issue asks for, made through the bare SDK, and
 * the crypto it asks for, with node's own crypto. A function whose scenario names no parts gets one
 * cheap real call per client. What our function takes beyond its floor is our own share: middy, zod,
 * powertools, jose, our code, and any request our design makes beyond the job's.
 */
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { SCRYPT_PARAMETERS } from '../../functions/users/adapters/scrypt-password-hasher.ts';
import { breakdownOf, type Breakdown } from './bundles.ts';

/**
 * One piece of what a job demands, whatever the code:
 * - store requests, on scratch items of the floor's own (`FLOOR#<run>`) so every run's succeed:
 *   `read` one consistent Get of an item that exists; `write` one conditional Put (a new item);
 *   `update` one UpdateItem that changes an item in place (adds one to a counter); `delete` one Delete;
 *   `transact-2` one TransactWriteItems of two conditional Puts; `transact-update-put` one of an update in
 *   place and a conditional Put (a count taken down and a record of it; an old token spent and a new
 *   one stored); `queue-url` one GetQueueUrl by name;
 *   `send-message` one SendMessage to that queue (after a step with `queue-url`), with a correlation id;
 * - crypto: `hash-password` one scrypt with the parameters issue 3 set (about 40 ms of a core here, on
 *   purpose), to store or check a password; `sign-token` one ES256 signature with the signing key
 *   (SIGNING_KEY_JWK, as our functions get it), to hand out an access token.
 */
export type FloorPart =
  | 'read'
  | 'write'
  | 'update'
  | 'delete'
  | 'transact-2'
  | 'transact-update-put'
  | 'queue-url'
  | 'send-message'
  | 'hash-password'
  | 'sign-token';

/** Parts in steps: the parts of a step run side by side, the steps one after another. */
export type FloorSteps = readonly (readonly FloorPart[])[];

/** What a floor handler is given: an item to read, where to write, a queue, and a name for this run. */
export type FloorEvent = { table: string; key: Record<string, string>; queue: string; run: string };

const { log2N, r, p } = SCRYPT_PARAMETERS;
const scratch = (name: string) => `{ pk: \`FLOOR#\${event.run}\`, sk: '${name}' }`;
const put = (name: string) => `{ TableName: event.table, Item: ${scratch(name)}, ConditionExpression: 'attribute_not_exists(pk)' }`;
const update = (name: string) => `{ TableName: event.table, Key: ${scratch(name)}, UpdateExpression: 'ADD changes :one', ExpressionAttributeValues: { ':one': 1 } }`;

/** What a piece of floor code imports: names per module. */
type Imports = Record<string, string[]>;

/** Per part: the SDK package it needs, its imports, and its code as an expression (`n` names it in its run). */
const PARTS: Record<FloorPart, { client?: string; imports: Imports; run: (n: string) => string }> = {
  read: {
    client: '@aws-sdk/lib-dynamodb',
    imports: { '@aws-sdk/lib-dynamodb': ['GetCommand'] },
    run: () => 'documents.send(new GetCommand({ TableName: event.table, Key: event.key, ConsistentRead: true }))',
  },
  write: { client: '@aws-sdk/lib-dynamodb', imports: { '@aws-sdk/lib-dynamodb': ['PutCommand'] }, run: (n) => `documents.send(new PutCommand(${put(n)}))` },
  update: {
    client: '@aws-sdk/lib-dynamodb',
    imports: { '@aws-sdk/lib-dynamodb': ['UpdateCommand'] },
    run: (n) => `documents.send(new UpdateCommand(${update(n)}))`,
  },
  delete: {
    client: '@aws-sdk/lib-dynamodb',
    imports: { '@aws-sdk/lib-dynamodb': ['DeleteCommand'] },
    run: (n) => `documents.send(new DeleteCommand({ TableName: event.table, Key: ${scratch(n)} }))`,
  },
  'transact-2': {
    client: '@aws-sdk/lib-dynamodb',
    imports: { '@aws-sdk/lib-dynamodb': ['TransactWriteCommand'] },
    run: (n) => `documents.send(new TransactWriteCommand({ TransactItems: [{ Put: ${put(`${n}a`)} }, { Put: ${put(`${n}b`)} }] }))`,
  },
  'transact-update-put': {
    client: '@aws-sdk/lib-dynamodb',
    imports: { '@aws-sdk/lib-dynamodb': ['TransactWriteCommand'] },
    run: (n) => `documents.send(new TransactWriteCommand({ TransactItems: [{ Update: ${update(`${n}a`)} }, { Put: ${put(`${n}b`)} }] }))`,
  },
  'queue-url': {
    client: '@aws-sdk/client-sqs',
    imports: { '@aws-sdk/client-sqs': ['GetQueueUrlCommand'] },
    run: () => 'sqs.send(new GetQueueUrlCommand({ QueueName: event.queue })).then(({ QueueUrl }) => (queueUrl = QueueUrl))',
  },
  'send-message': {
    client: '@aws-sdk/client-sqs',
    imports: { '@aws-sdk/client-sqs': ['SendMessageCommand'] },
    // With a correlation id among its attributes, as issue 2 asks of every message.
    run: () =>
      "sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ run: event.run }), MessageAttributes: { correlationId: { DataType: 'String', StringValue: event.run } } }))",
  },
  'hash-password': {
    imports: { 'node:crypto': ['scrypt'] },
    run: () =>
      `new Promise((resolve, reject) => scrypt('a bench password', 'sixteen byte salt', 32, { N: ${2 ** log2N}, r: ${r}, p: ${p}, maxmem: ${2 * 128 * 2 ** log2N * r + 128 * r * p} }, (error, key) => (error ? reject(error) : resolve(key))))`,
  },
  'sign-token': {
    imports: { 'node:crypto': ['createPrivateKey', 'sign'] },
    run: () =>
      "sign('sha256', Buffer.from('a.token'), { key: createPrivateKey({ key: JSON.parse(process.env.SIGNING_KEY_JWK), format: 'jwk' }), dsaEncoding: 'ieee-p1363' })",
  },
};

/** `call` is left out where the local stack has no such service to call (SSM): the client is only built. */
type FloorClient = { imports: Imports; name: string; construct: string; call?: string };

// One entry per SDK package a function may use, in the order they are built (the document client wraps
// the DynamoDB client). A function using both gets one Get through the document client, which runs
// through both, as ours does.
const CLIENTS: Record<string, FloorClient> = {
  '@aws-sdk/client-dynamodb': {
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'GetItemCommand'] },
    name: 'dynamodb',
    construct: 'new DynamoDBClient({})',
    call: 'dynamodb.send(new GetItemCommand({ TableName: event.table, Key: Object.fromEntries(Object.entries(event.key).map(([k, v]) => [k, { S: v }])) }))',
  },
  '@aws-sdk/lib-dynamodb': {
    imports: { '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'GetCommand'] },
    name: 'documents',
    construct: 'DynamoDBDocumentClient.from(dynamodb)',
    call: 'documents.send(new GetCommand({ TableName: event.table, Key: event.key }))',
  },
  '@aws-sdk/client-sqs': {
    imports: { '@aws-sdk/client-sqs': ['SQSClient', 'GetQueueUrlCommand'] },
    name: 'sqs',
    // As lib/aws/clients.ts builds it: an emulator's queue URLs name a host that does not resolve.
    construct: 'new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS })',
    call: 'sqs.send(new GetQueueUrlCommand({ QueueName: event.queue }))',
  },
  '@aws-sdk/client-ssm': {
    imports: { '@aws-sdk/client-ssm': ['SSMClient'] },
    name: 'ssm',
    construct: 'new SSMClient({})',
  },
};
const SUBSUMED_BY: Record<string, string> = { '@aws-sdk/client-dynamodb': '@aws-sdk/lib-dynamodb' };

/**
 * The floor handler's source (plain JS, for esbuild's stdin) for a set of SDK packages and the steps of
 * its job. Each client that no part uses gets its cheap call in the first step. `extras` are packages
 * imported whole on top (see import-cost.ts), kept reachable so esbuild cannot drop them.
 */
export function floorSource(packages: readonly string[], steps: FloorSteps = [], extras: readonly string[] = []): string {
  const unknown = packages.filter((name) => CLIENTS[name] === undefined);
  if (unknown.length > 0) throw new Error(`No floor call for ${unknown.join(', ')}: add one to scripts/bench/floor.ts.`);
  const parts = steps.flat();
  const missing = [...new Set(parts.flatMap((part) => PARTS[part].client ?? []))].filter((name) => !packages.includes(name));
  if (missing.length > 0) throw new Error(`The floor's parts need ${missing.join(', ')}, which the function does not bundle.`);
  const sendsFirst = steps.findIndex((step) => step.includes('send-message'));
  if (sendsFirst !== -1 && !steps.slice(0, sendsFirst).some((step) => step.includes('queue-url'))) {
    throw new Error('A floor sends a message only after a step with queue-url.');
  }

  const used = Object.entries(CLIENTS).filter(([name]) => packages.includes(name));
  const exercised = (name: string) => parts.some((part) => PARTS[part].client === name);
  const cheapCalls = used
    .filter(([name]) => !packages.includes(SUBSUMED_BY[name] ?? '') && !exercised(name))
    .flatMap(([, client]) => (client.call === undefined ? [] : [client.call]));
  const [first = [], ...rest] = steps;
  const lines = [
    [...cheapCalls, ...first.map((part, i) => PARTS[part].run(`0-${i}`))],
    ...rest.map((step, s) => step.map((part, i) => PARTS[part].run(`${s + 1}-${i}`))),
  ];
  return [
    ...importLines([...used.map(([, client]) => client.imports), ...parts.map((part) => PARTS[part].imports)]),
    ...extras.map((name, i) => `import * as extra${i} from '${name}';`),
    ...used.map(([, client]) => `const ${client.name} = ${client.construct};`),
    // Kept reachable, so esbuild cannot drop what is imported but not called.
    `globalThis.benchKeep = [${[...used.map(([, client]) => client.name), ...extras.map((_, i) => `extra${i}`)].join(', ')}];`,
    'export const handler = async (event) => {',
    '  let queueUrl;',
    ...lines.map((calls) => `  await Promise.all([${calls.join(', ')}]);`),
    '  return { ok: true };',
    '};',
  ].join('\n');
}

/** One import declaration per module, each name once. */
function importLines(all: readonly Imports[]): string[] {
  const names = new Map<string, Set<string>>();
  for (const imports of all) {
    for (const [module, list] of Object.entries(imports)) names.set(module, new Set([...(names.get(module) ?? []), ...list]));
  }
  return [...names].map(([module, list]) => `import { ${[...list].join(', ')} } from '${module}';`);
}

export async function buildFloor(
  root: string,
  packages: readonly string[],
  options: BuildOptions,
  outDir: string,
  { extras = [], steps = [] }: { extras?: readonly string[]; steps?: FloorSteps } = {},
): Promise<{ file: string; bundleBytes: number; breakdown: Breakdown }> {
  const name = floorId(packages, steps, extras).replace(/[@/> ]/g, '_');
  const file = join(outDir, `floor-${name}.mjs`);
  const { outExtension: _named, ...rest } = options;
  const result = await build({
    ...rest,
    stdin: { contents: floorSource(packages, steps, extras), resolveDir: root, sourcefile: `floor-${name}.js`, loader: 'js' },
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const breakdown = breakdownOf(result.metafile);
  const bundleBytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { file, bundleBytes, breakdown };
}

/**
 * The job's steps without their store requests: what the bench's floor did before it made a job's
 * store requests (one cheap call per client, and the job's crypto), kept to compare with.
 */
export const withoutStore = (steps: FloorSteps): FloorSteps =>
  steps.map((step) => step.filter((part) => PARTS[part].client === undefined)).filter((step) => step.length > 0);

/** A floor's name: its clients, the steps of its job and any extra packages. */
export function floorId(packages: readonly string[], steps: FloorSteps = [], extras: readonly string[] = []): string {
  const clients = packages.length === 0 ? 'no-sdk' : packages.map((name) => name.replace('@aws-sdk/', '')).join('+');
  return [clients, ...(steps.length === 0 ? [] : [describeSteps(steps)]), ...extras].join('+');
}

/** Steps as the report shows them: "write+read > hash-password > write+delete+sign-token". */
export const describeSteps = (steps: FloorSteps): string => steps.map((step) => step.join('+')).join(' > ');
