import { BatchGetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BREAKER_STATES, type BreakerChange, type BreakerLog } from '../breakers.ts';
import { unlessRefused } from './conditional-write.ts';

/**
 * Each breaker's latest change as one item of the service's own table, keyed `BREAKER#<dependency>`
 * under the table's partition key (whatever the table calls it): no table of its own for one item a
 * breaker. A change is written only over an earlier one, so of two containers reporting at once the
 * later change stands.
 */
export class DynamoDbBreakerLog implements BreakerLog {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #key: string;

  constructor(documents: DynamoDBDocumentClient, table: string, keyAttribute: string) {
    this.#documents = documents;
    this.#table = table;
    this.#key = keyAttribute;
  }

  async record(change: BreakerChange): Promise<void> {
    // Refused when a later change is there already: that one stands.
    await unlessRefused(
      this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: { [this.#key]: keyOf(change.dependency), ...change },
          ConditionExpression: 'attribute_not_exists(#key) OR #at <= :at',
          ExpressionAttributeNames: { '#key': this.#key, '#at': 'at' },
          ExpressionAttributeValues: { ':at': change.at },
        }),
      ),
    );
  }

  async latest(dependencies: readonly string[]): Promise<BreakerChange[]> {
    if (dependencies.length === 0) return [];
    const { Responses } = await this.#documents.send(
      new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: dependencies.map((dependency) => ({ [this.#key]: keyOf(dependency) })), ConsistentRead: true } } }),
    );
    return (Responses?.[this.#table] ?? []).flatMap(({ dependency, state, at, container }) =>
      BREAKER_STATES.includes(state as never) ? [{ dependency: String(dependency), state: state as BreakerChange['state'], at: String(at), container: String(container) }] : [],
    );
  }
}

const keyOf = (dependency: string): string => `BREAKER#${dependency}`;
