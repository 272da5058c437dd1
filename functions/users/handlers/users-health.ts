import { readinessRoute } from '../../../lib/http/readiness-route.ts';
import { readinessProbes } from '../compose.ts';

/** Readiness: the users table answers. */
export const handler = readinessRoute(readinessProbes);
