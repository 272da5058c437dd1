/**
 * The store's floor as a function meets it: getProduct's GetItem (a GetCommand, ConsistentRead, through
 * the DocumentClient) from a node process of its own, this file, `connections` requests in flight,
 * warmed up first. Region, endpoint and credentials come from its environment, as a function's do.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

type GetItemJob = { table: string; key: Record<string, string>; connections: number; warmupS: number; durationS: number };

/** GetItems a second; `env` configures the SDK as a function's would be. */
export async function sdkGetItemRps(job: GetItemJob, env: Record<string, string>): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [import.meta.filename, JSON.stringify(job)], { env });
  return (JSON.parse(stdout) as { rps: number }).rps;
}

/** Answers counted in `seconds`; a wrong or failed answer stops it, as it would fail a route. */
async function getItems(documents: DynamoDBDocumentClient, job: GetItemJob, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let answered = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const { Item } = await documents.send(new GetCommand({ TableName: job.table, Key: job.key, ConsistentRead: true }));
      if (Item?.pk !== job.key.pk) throw new Error(`GetItem on ${job.table} did not find ${JSON.stringify(job.key)}`);
      answered++;
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  return answered;
}

if (import.meta.main) {
  const job = JSON.parse(process.argv[2] ?? '{}') as GetItemJob;
  const dynamodb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamodb);
  await getItems(documents, job, job.warmupS);
  const started = performance.now();
  const answered = await getItems(documents, job, job.durationS);
  process.stdout.write(JSON.stringify({ rps: answered / ((performance.now() - started) / 1000) }));
  dynamodb.destroy(); // its keep-alive sockets would hold the process open
}
