import { readinessRoute } from '../../../lib/http/readiness-route.ts';
import { readinessProbes } from '../compose-health.ts';

/** Readiness: the notifications table and queues answer, and SES may send from the sender. */
export const handler = readinessRoute(readinessProbes);
