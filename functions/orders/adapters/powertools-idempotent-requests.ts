import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyUnknownError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { TransientError, UnprocessableError } from '../../../lib/errors.ts';
import { retrying } from '../../../lib/retry.ts';
import type { IdempotentRequests, KeyedRequest } from '../ports.ts';

type Options = {
  client: DynamoDBClient;
  table: string;
  /** Names what the records are of, so that two uses of one table never share a key. */
  keyPrefix: string;
  /** How long a completed request's answer is kept for its repeats. */
  expiresAfterSeconds: number;
  /**
   * How long a request under way holds its key: past this it is taken for crashed and a repeat runs
   * the work again. At least the function's timeout, so a slow but live request is never run twice.
   */
  inProgressSeconds: number;
  /** How long a repeat that finds the request still under way waits for its answer before a 503. */
  waitSeconds: number;
};

const POLL_MS = 100;

/**
 * Powertools Idempotency over its DynamoDB persistence layer (the orders idempotency table: key `id`,
 * TTL on `expiration`). The record's key is the scope and the key (the caller and their
 * Idempotency-Key); the payload is hashed and checked, so the same key with another payload is refused.
 * A repeat that comes while the first is still under way waits for its answer.
 */
export class PowertoolsIdempotentRequests implements IdempotentRequests {
  readonly #run: (request: { key: string; payload: unknown }, work: () => Promise<unknown>) => Promise<unknown>;
  readonly #waitMs: number;

  constructor({ client, table, keyPrefix, expiresAfterSeconds, inProgressSeconds, waitSeconds }: Options) {
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'payload', throwOnNoIdempotencyKey: true, expiresAfterSeconds });
    // Outside a Lambda handler Powertools knows no remaining time, and a record under way would then hold
    // its key until it expires: this bounds it instead.
    config.registerLambdaContext({ getRemainingTimeInMillis: () => inProgressSeconds * 1000 } as Context);
    this.#run = makeIdempotent(async (_request: { key: string; payload: unknown }, work: () => Promise<unknown>) => work(), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client: client }),
      config,
      keyPrefix,
    });
    this.#waitMs = waitSeconds * 1000;
  }

  async once<T>({ scope, key, payload }: KeyedRequest, work: () => Promise<T>): Promise<T> {
    try {
      // A repeat that finds the first request still under way waits for it, then gets its answer.
      return await retrying(async () => (await this.#run({ key: `${scope}\n${key}`, payload }, work)) as T, {
        when: (error) => error instanceof IdempotencyAlreadyInProgressError,
        retries: Math.ceil(this.#waitMs / POLL_MS),
        delayMs: POLL_MS,
        constant: true,
      });
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new UnprocessableError([{ field: 'headers.idempotency-key', reason: 'was used for another order; send a new key for a new order' }]);
      }
      if (error instanceof IdempotencyAlreadyInProgressError) throw new TransientError('A request with this Idempotency-Key is still under way; send it again shortly.');
      // The store failing (Powertools' own errors); the work's own errors come through as they are.
      if (error instanceof IdempotencyUnknownError) throw new TransientError('The idempotency records could not be read or written.', { cause: error });
      throw error;
    }
  }
}
