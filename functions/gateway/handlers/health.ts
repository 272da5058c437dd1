import { httpHandler } from '../../../lib/http/http-handler.ts';

/** Liveness of the entry point: no I/O, so it is also the gateway's floor in `npm run bench`. */
export const handler = httpHandler({}, async () => ({ status: 200, body: { status: 'ok' } }));
