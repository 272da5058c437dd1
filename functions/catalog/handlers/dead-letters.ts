import { deadLettersRoute, redriveRoute } from '../../../lib/http/dead-letter-routes.ts';
import { deadLetters } from '../compose-dead-letters.ts';

/** GET /admin/catalog/dead-letters: what waits in the stock commands DLQ. */
export const list = deadLettersRoute(deadLetters);

/** POST /admin/catalog/dead-letters/redrive: the stock commands DLQ's messages back to their queue. */
export const redrive = redriveRoute(deadLetters);
