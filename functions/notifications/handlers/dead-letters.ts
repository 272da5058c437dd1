import { deadLettersRoute, redriveRoute } from '../../../lib/http/dead-letter-routes.ts';
import { deadLetters } from '../compose-dead-letters.ts';

/** GET /admin/notifications/dead-letters: what waits in the order events DLQ. */
export const list = deadLettersRoute(deadLetters);

/** POST /admin/notifications/dead-letters/redrive: the order events DLQ's messages back to their queue. */
export const redrive = redriveRoute(deadLetters);
