import { deadLettersRoute, redriveRoute } from '../../../lib/http/dead-letter-routes.ts';
import { deadLetters } from '../compose-dead-letters.ts';

/** GET /admin/payments/dead-letters: what waits in the commands DLQ. */
export const list = deadLettersRoute(deadLetters);

/** POST /admin/payments/dead-letters/redrive: the commands DLQ's messages back to their queue. */
export const redrive = redriveRoute(deadLetters);
