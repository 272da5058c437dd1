import { readinessRoute } from '../../../lib/http/readiness-route.ts';
import { readinessProbes } from '../compose.ts';

/** Readiness: the orders tables and queues answer. */
export const handler = readinessRoute(readinessProbes);
