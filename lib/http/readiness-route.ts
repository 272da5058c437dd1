import { checkReadiness, type ReadinessProbe } from '../readiness.ts';
import { httpHandler } from './http-handler.ts';

/** A service's readiness route: 200 when every probe answers, 503 (same body) when one does not. */
export const readinessRoute = (probes: readonly ReadinessProbe[]) =>
  httpHandler({}, async () => {
    const readiness = await checkReadiness(probes);
    return { status: readiness.ready ? 200 : 503, body: readiness };
  });
