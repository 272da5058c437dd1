import { httpHandler } from '../../../lib/http/http-handler.ts';
import { checkReadiness } from '../../../lib/readiness.ts';
import { readinessProbes } from '../compose.ts';

const probes = readinessProbes();

/** Readiness: 200 when the users table answers, 503 (same body) when it does not. */
export const handler = httpHandler({}, async () => {
  const readiness = await checkReadiness(probes);
  return { status: readiness.ready ? 200 : 503, body: readiness };
});
