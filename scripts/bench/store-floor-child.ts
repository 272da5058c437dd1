/**
 * The child of the store's floor (see store-floor.ts): the same GetItem as getProduct's repository
 * (functions/catalog/adapters/dynamodb-product-repository.ts: a GetCommand with ConsistentRead through
 * the DocumentClient), `connections` at a time for the warm-up, then for the measured seconds.
 * Prints a LoadResult as JSON on stdout.
 *
 *   node store-floor-child.ts <StoreFloorJob as JSON>
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LoadResult } from './load.ts';
import type { StoreFloorJob } from './store-floor.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as StoreFloorJob;
// Built as lib/aws/clients.ts builds a function's: region, endpoint and credentials from the environment.
// The SDK itself, not our factory, so that whatever we might add there is ours to pay, not the floor's.
const dynamo = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
const get = () => new GetCommand({ TableName: job.table, Key: job.key, ConsistentRead: true });

type Tally = { latenciesMs: number[]; failures: number };

/** `connections` loops, each sending the next request when its last one is answered, until `seconds` are up. */
async function run(seconds: number): Promise<Tally & { elapsedS: number }> {
  const tally: Tally = { latenciesMs: [], failures: 0 };
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      try {
        const { Item } = await documents.send(get());
        // As autocannon's expectBody does for the other targets: a wrong answer is not a fast answer.
        if (Item?.pk !== job.key.pk) tally.failures++;
      } catch {
        tally.failures++;
      }
      tally.latenciesMs.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  return { ...tally, elapsedS: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

// One request first, so a wrong table or key stops the bench with a reason rather than a page of failures.
const { Item } = await documents.send(get());
if (Item?.pk !== job.key.pk) {
  process.stderr.write(`GetItem on ${job.table} found no item ${JSON.stringify(job.key)}.\n`);
  process.exit(1);
}
if (job.warmupS > 0) await run(job.warmupS);
const { latenciesMs, failures, elapsedS } = await run(job.durationS);
const sorted = latenciesMs.sort((a, b) => a - b);
const result: LoadResult = {
  rps: latenciesMs.length / elapsedS,
  p50Ms: percentile(sorted, 0.5),
  p99Ms: percentile(sorted, 0.99),
  requests: latenciesMs.length,
  failures,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
dynamo.destroy(); // its keep-alive sockets would hold the process open
