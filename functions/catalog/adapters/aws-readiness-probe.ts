import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReadinessCheck, ReadinessProbe } from '../ports.ts';

/** Asks the catalog's table and queues whether they answer; any failure is "not ready", never a crash. */
export class AwsReadinessProbe implements ReadinessProbe {
  readonly #db: DynamoDBClient;
  readonly #sqs: SQSClient;
  readonly #table: string;
  readonly #queues: readonly string[];

  constructor(db: DynamoDBClient, sqs: SQSClient, table: string, queues: readonly string[]) {
    this.#db = db;
    this.#sqs = sqs;
    this.#table = table;
    this.#queues = queues;
  }

  check(): Promise<ReadinessCheck[]> {
    return Promise.all([
      probe(`table ${this.#table}`, async () => {
        const { Table } = await this.#db.send(new DescribeTableCommand({ TableName: this.#table }));
        return Table?.TableStatus === 'ACTIVE';
      }),
      ...this.#queues.map((queue) =>
        probe(`queue ${queue}`, async () => {
          const { QueueUrl } = await this.#sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
          await this.#sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
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
