import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReadinessCheck, ReadinessProbe } from '../readiness.ts';

/** Asks a service's tables and queues whether they answer; any failure is "not ready", never a crash. */
export class AwsReadinessProbe implements ReadinessProbe {
  readonly #db: DynamoDBClient;
  readonly #sqs: SQSClient | undefined;
  readonly #tables: readonly string[];
  readonly #queues: readonly string[];

  constructor(clients: { db: DynamoDBClient; sqs?: SQSClient }, resources: { tables: readonly string[]; queues?: readonly string[] }) {
    this.#db = clients.db;
    this.#sqs = clients.sqs;
    this.#tables = resources.tables;
    this.#queues = resources.queues ?? [];
  }

  check(): Promise<ReadinessCheck[]> {
    return Promise.all([
      ...this.#tables.map((table) =>
        probe(`table ${table}`, async () => {
          const { Table } = await this.#db.send(new DescribeTableCommand({ TableName: table }));
          return Table?.TableStatus === 'ACTIVE';
        }),
      ),
      ...this.#queues.map((queue) =>
        probe(`queue ${queue}`, async () => {
          const sqs = this.#sqs;
          if (sqs === undefined) return false;
          const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
          await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
          return true;
        }),
      ),
    ]);
  }
}

async function probe(name: string, ask: () => Promise<boolean>): Promise<ReadinessCheck> {
  try {
    return { name, ok: await ask() };
  } catch {
    return { name, ok: false };
  }
}
