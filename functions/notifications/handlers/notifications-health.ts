import { readinessRoute } from '../../../lib/http/readiness-route.ts';
import { readinessProbes } from '../compose-health.ts';

/** Readiness: the notifications table and queues answer. */
export const handler = readinessRoute(readinessProbes);
