/**
 * Cold init: a fresh node process loads a bundle and answers one event, timed from spawn to answer.
 * Beside each function, its floor: a bundle (same esbuild options) of only the SDK clients it holds,
 * built at module scope, that makes one cheap real call per client, plus what the job cannot do
 * without (floorSource). What ours takes beyond it is our own: middy, zod, Powertools, jose, our code,
 * and the requests our design makes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { build, type BuildOptions } from 'esbuild';
import { SCRYPT_PARAMETERS } from '../../functions/users/adapters/scrypt-password-hasher.ts';
import plugins from '../../lib/serverless/esbuild-plugins.ts';
import type { Scenario } from './events.ts';
import type { FunctionSpec, SdkClient } from './functions.ts';

/** What a floor handler is given: an item that exists, a queue that exists, and the stack's API (the routes a job asks are under it). */
export type FloorEvent = { table: string; key: Record<string, string>; queue: string; api: string };

/** Per client: its imports, how it is built, and its one call. */
const FLOOR_CLIENTS: Record<SdkClient, { imports: string; build: string; call: string }> = {
  dynamodb: {
    imports: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
    build: 'const dynamodb = new DynamoDBClient({});',
    call: 'dynamodb.send(new GetItemCommand({ TableName: event.table, Key: Object.fromEntries(Object.entries(event.key).map(([k, v]) => [k, { S: v }])) }))',
  },
  // The document client wraps the DynamoDB client: a function with both makes its one Get through it.
  documents: {
    imports: "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
    build: 'const documents = DynamoDBDocumentClient.from(dynamodb);',
    call: 'documents.send(new GetCommand({ TableName: event.table, Key: event.key, ConsistentRead: true }))',
  },
  sqs: {
    imports: "import { SQSClient, GetQueueUrlCommand } from '@aws-sdk/client-sqs';",
    build: 'const sqs = new SQSClient({});',
    call: 'sqs.send(new GetQueueUrlCommand({ QueueName: event.queue }))',
  },
  // The parameter a function reads (the signing key, for those that sign); for the others, which find
  // services and URLs by name, one read under the shop's path.
  ssm: {
    imports: "import { SSMClient, GetParameterCommand, GetParametersByPathCommand } from '@aws-sdk/client-ssm';",
    build: 'const ssm = new SSMClient({});',
    call:
      "ssm.send(process.env.SIGNING_KEY_PARAMETER === undefined ? new GetParametersByPathCommand({ Path: '/shop', Recursive: true, MaxResults: 1 }) : new GetParameterCommand({ Name: process.env.SIGNING_KEY_PARAMETER, WithDecryption: true }))",
  },
  // The one call an emailing function makes: an email, from the function's own sender.
  ses: {
    imports: "import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';",
    build: 'const ses = new SESv2Client({});',
    call: "ses.send(new SendEmailCommand({ FromEmailAddress: process.env.NOTIFICATIONS_SENDER, Destination: { ToAddresses: ['floor@example.com'] }, Content: { Simple: { Subject: { Data: 'Floor' }, Body: { Text: { Data: 'Floor' } } } } }))",
  },
};

const { log2N, r, p } = SCRYPT_PARAMETERS;
const SCRYPT = `await new Promise((resolve, reject) => scrypt('a bench password', 'sixteen byte salt', 32, { N: ${2 ** log2N}, r: ${r}, p: ${p} }, (error, key) => (error ? reject(error) : resolve(key))));`;

/** What a job needs besides its SDK clients, which its floor does too. */
type FloorNeeds = Pick<Scenario, 'hashesPassword' | 'fetches' | 'serves' | 'signs'>;

// One ES256 signature with the key the SSM parameter holds (a private JWK, or a set whose first key
// signs), through WebCrypto as jose does.
const SIGN = `async ({ Parameter }) => {
    const stored = JSON.parse(Parameter.Value);
    const key = await crypto.subtle.importKey('jwk', stored.keys?.[0] ?? stored, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    return crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode('header.claims'));
  }`;

/**
 * The floor of a function: its SDK clients, one cheap call each, and what else its job cannot do
 * without: a password hashed where that is the job, a token signed where it issues them, the JWKS
 * fetched where tokens are checked against it, the routes the job asks another service over HTTP (the
 * same ones), the file it serves.
 */
export function floorSource({ clients, environment }: Pick<FunctionSpec, 'clients' | 'environment'>, { hashesPassword, fetches, serves, signs }: FloorNeeds): string {
  const used = (Object.keys(FLOOR_CLIENTS) as SdkClient[]).filter((client) => clients.includes(client) || (client === 'dynamodb' && clients.includes('documents')));
  const calls = used.filter((client) => !(client === 'dynamodb' && used.includes('documents'))).map((client) => (client === 'ssm' && signs === true ? `${FLOOR_CLIENTS.ssm.call}.then(${SIGN})` : FLOOR_CLIENTS[client].call));
  if (environment.JWKS_URL !== undefined) calls.push('fetch(process.env.JWKS_URL).then((response) => response.json())');
  for (const route of fetches ?? []) calls.push(`fetch(event.api + ${JSON.stringify(route)}).then((response) => response.json())`);
  return [
    ...used.map((client) => FLOOR_CLIENTS[client].imports),
    ...(hashesPassword === true ? ["import { scrypt } from 'node:crypto';"] : []),
    ...(serves === undefined ? [] : [`import served from '${serves.file}' with { type: '${serves.type}' };`]),
    ...used.map((client) => FLOOR_CLIENTS[client].build),
    'export const handler = async (event) => {',
    `  await Promise.all([${calls.join(', ')}]);`,
    ...(hashesPassword === true ? [`  ${SCRYPT}`] : []),
    serves === undefined ? "  return 'ok';" : '  return JSON.stringify(served).length;',
    '};',
  ].join('\n');
}

/** What floorSource puts in a function's floor, as the bench's table names it. */
export function floorName({ clients, environment }: Pick<FunctionSpec, 'clients' | 'environment'>, { hashesPassword, fetches, serves, signs }: FloorNeeds): string {
  const fetched = (environment.JWKS_URL === undefined ? 0 : 1) + (fetches?.length ?? 0);
  return [...clients, ...(fetched === 0 ? [] : [fetched === 1 ? 'fetch' : `fetch ×${fetched}`]), ...(hashesPassword === true ? ['scrypt'] : []), ...(signs === true ? ['ES256'] : []), ...(serves === undefined ? [] : [serves.file])].join(' + ') || 'no I/O';
}

/** The floor's bundle, built with the esbuild options and plugins serverless.yml gives the functions. */
export async function buildFloor(root: string, esbuild: Record<string, unknown>, source: string, outfile: string): Promise<string> {
  const { bundle, minify, target, platform, format, mainFields, banner } = esbuild as BuildOptions;
  await build({ bundle, minify, target, platform, format, mainFields, banner, plugins, stdin: { contents: source, resolveDir: root, loader: 'js' }, outfile, logLevel: 'silent' });
  return outfile;
}

/** The runner as plain JS (see runner.ts for why). */
export async function compileRunner(workDir: string): Promise<string> {
  const outfile = join(workDir, 'runner.mjs');
  await build({ entryPoints: [join(import.meta.dirname, 'runner.ts')], outfile, format: 'esm', platform: 'node', target: 'node22', logLevel: 'silent' });
  return outfile;
}

export type ColdRun = { runner: string; bundle: string; exportName: string; event: unknown; env: Record<string, string> };

/** Milliseconds from spawn to answer, and the CPU the process spent; throws with the reason when the run fails or errs. */
export async function coldRun({ runner, bundle, exportName, event, env }: ColdRun): Promise<{ ms: number; cpuMs: number; response: unknown }> {
  const started = performance.now();
  const child = spawn(process.execPath, [runner, bundle, exportName, JSON.stringify(event)], { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const [, , stderr, answers] = child.stdio as unknown as [null, null, Readable, Readable];
  let answeredAt: number | undefined;
  let answer = '';
  let errors = '';
  // The moment the answer is out; the process's exit after it is not part of a cold start.
  answers.on('data', (chunk: Buffer) => ((answeredAt ??= performance.now()), (answer += chunk.toString())));
  stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-1000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (answeredAt === undefined) throw new Error(`no answer (exit ${child.exitCode ?? child.signalCode}): ${errors}`);
  const result = JSON.parse(answer) as { ok: boolean; response?: unknown; cpuMs?: number; error?: string };
  if (!result.ok) throw new Error(String(result.error));
  return { ms: answeredAt - started, cpuMs: result.cpuMs ?? NaN, response: result.response };
}
