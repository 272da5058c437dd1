import { httpHandler } from '../../../lib/http/http-handler.ts';
import { readinessProbes } from '../compose.ts';
import { checkReadiness } from '../../../lib/readiness.ts';

const probes = readinessProbes();

/** Readiness: 200 when the catalog's table and queues answer, 503 (same body) when one does not. */
export const handler = httpHandler({}, async () => {
  const readiness = await checkReadiness(probes);
  return { status: readiness.ready ? 200 : 503, body: readiness };
});
