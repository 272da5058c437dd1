import { readinessRoute } from '../../../lib/http/readiness-route.ts';
import { readinessProbes } from '../compose-stock.ts';

/** Readiness: the catalog's table and queues answer. */
export const handler = readinessRoute(readinessProbes);
