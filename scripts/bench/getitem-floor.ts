/**
 * The store's floor as a function meets it: getProduct's GetItem (a GetCommand, ConsistentRead, through
 * the DocumentClient) from a node process of its own, `connections` requests in flight, warmed up first.
 * Prints { rps } as JSON. Region, endpoint and credentials come from the environment, as a function's do.
 *
 *   node getitem-floor.ts '{"table":…,"key":{…},"connections":10,"warmupS":3,"durationS":5}'
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const job = JSON.parse(process.argv[2] ?? '{}') as { table: string; key: Record<string, string>; connections: number; warmupS: number; durationS: number };
const dynamodb = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamodb);

/** Answers counted in `seconds`; a wrong or failed answer stops it, as it would fail a route. */
async function getItems(seconds: number): Promise<number> {
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

await getItems(job.warmupS);
const started = performance.now();
const answered = await getItems(job.durationS);
process.stdout.write(JSON.stringify({ rps: answered / ((performance.now() - started) / 1000) }));
dynamodb.destroy(); // its keep-alive sockets would hold the process open
