/**
 * The bench's own local stack is the one `npm start` runs, launched by scripts/local/launch.ts on free
 * ports with data in memory, so it never meets another engineer's stack or data.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Endpoints } from '../local/launch.ts';

export type { Endpoints } from '../local/launch.ts';

/** Everything the bench signs goes to the local stack; never real credentials. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** An SQS client for the bench's own stack (the caller destroys it). */
export const localSqsClient = (stack: Endpoints): SQSClient =>
  new SQSClient({ region: stack.region, endpoint: stack.sqs, credentials: LOCAL_CREDENTIALS });
