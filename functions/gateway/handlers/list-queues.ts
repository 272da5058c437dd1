import { httpHandler } from '../../../lib/http/http-handler.ts';
import { directory, gauge } from '../compose-registry.ts';
import { listQueues } from '../use-cases/list-queues.ts';

const deps = { directory, gauge };

/** GET /admin/queues (admins): every queue the services publish, with its depth and its DLQ's. */
export const handler = httpHandler({}, async () => ({ status: 200, body: { queues: await listQueues(deps) } }));
