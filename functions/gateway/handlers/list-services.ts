import { httpHandler } from '../../../lib/http/http-handler.ts';
import { directory, health } from '../compose-registry.ts';
import { listServices } from '../use-cases/list-services.ts';

const deps = { directory, health };

/** GET /registry (admins): each service of the stage with its version, base URL, queues and readiness. */
export const handler = httpHandler({}, async () => ({ status: 200, body: { services: await listServices(deps) } }));
