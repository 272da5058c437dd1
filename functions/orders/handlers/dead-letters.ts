import { deadLettersRoute, redriveRoute } from '../../../lib/http/dead-letter-routes.ts';
import { deadLetters } from '../compose-dead-letters.ts';

/** GET /admin/orders/dead-letters: what waits in the replies DLQ. */
export const list = deadLettersRoute(deadLetters);

/** POST /admin/orders/dead-letters/redrive: the replies DLQ's messages back to their queue. */
export const redrive = redriveRoute(deadLetters);
