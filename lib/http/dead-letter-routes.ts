import { listDeadLetters, redriveDeadLetters, type DeadLetters } from '../dead-letters.ts';
import { deadLettersQuery } from './dead-letter-routes.schema.ts';
import { httpHandler } from './http-handler.ts';

/** GET /admin/<service>/dead-letters (admins): the oldest messages of the service's DLQ, left there. */
export const deadLettersRoute = (deadLetters: DeadLetters) =>
  httpHandler({ query: deadLettersQuery }, async ({ query: { limit } }) => ({ status: 200, body: { items: await listDeadLetters({ deadLetters }, limit) } }));

/** POST /admin/<service>/dead-letters/redrive (admins): every message of the DLQ back to the service's queue. */
export const redriveRoute = (deadLetters: DeadLetters) => httpHandler({}, async () => ({ status: 200, body: await redriveDeadLetters({ deadLetters }) }));
