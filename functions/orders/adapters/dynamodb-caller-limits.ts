import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { TooManyRequestsError } from '../../../lib/errors.ts';
import type { CallerLimits, Clock } from '../ports.ts';

const WINDOW_SECONDS = 60;

/**
 * Each customer's placements counted per minute in the orders idempotency table (key `id`, TTL on
 * `expiration`, the Powertools layout), one item per customer and minute under keys no Powertools record
 * uses (`limit#…`). One conditional UpdateItem per placement: the count goes up only while it is under
 * the limit, so concurrent placements can never pass it together.
 */
export class DynamoDbCallerLimits implements CallerLimits {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #perMinute: number;

  constructor(db: DynamoDBDocumentClient, table: string, clock: Clock, perMinute: number) {
    this.#db = db;
    this.#table = table;
    this.#clock = clock;
    this.#perMinute = perMinute;
  }

  async admit(customerId: string): Promise<void> {
    const nowSeconds = Math.floor(this.#clock.now().getTime() / 1000);
    const windowEnds = (Math.floor(nowSeconds / WINDOW_SECONDS) + 1) * WINDOW_SECONDS;
    const counted = await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id: `limit#${customerId}#${windowEnds}` },
          UpdateExpression: 'ADD #count :one SET #expiration = :expiration',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#expiration': 'expiration' },
          ExpressionAttributeValues: { ':one': 1, ':limit': this.#perMinute, ':expiration': windowEnds + WINDOW_SECONDS },
        }),
      ),
    );
    if (counted === undefined) {
      throw new TooManyRequestsError(`At most ${this.#perMinute} orders a minute per customer; try again shortly.`, Math.max(1, windowEnds - nowSeconds));
    }
  }
}
