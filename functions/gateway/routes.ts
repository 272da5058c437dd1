/** The gateway's own HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import type { ApiRoute } from '../../lib/http/api-route.ts';
import * as z from '../../lib/zod.ts';
import { QueueStatus } from './handlers/list-queues.schema.ts';
import { ServiceStatus } from './handlers/list-services.schema.ts';

export const gatewayRoutes: readonly ApiRoute[] = [
  {
    operationId: 'health',
    method: 'GET',
    path: '/health',
    summary: "The gateway's liveness",
    request: {},
    responses: { 200: { description: 'Alive.', body: z.object({ status: z.literal('ok') }) } },
  },
  {
    operationId: 'listServices',
    method: 'GET',
    path: '/registry',
    summary: 'Every service of the stage: version, base URL, queues, readiness',
    auth: 'admin',
    request: {},
    responses: { 200: { description: 'The services.', body: z.object({ services: z.array(ServiceStatus) }) } },
  },
  {
    operationId: 'listQueues',
    method: 'GET',
    path: '/admin/queues',
    summary: 'Every queue of the stage: its depth, messages in flight, and its DLQ’s',
    description:
      'Each queue the services publish in the registry, with SQS’s approximate counts and those of the dead-letter queue its redrive policy names. ' +
      'A DLQ’s messages, and sending them back, are its service’s: GET /admin/<service>/dead-letters and POST /admin/<service>/dead-letters/redrive.',
    auth: 'admin',
    request: {},
    responses: { 200: { description: 'The queues, by service.', body: z.object({ queues: z.array(QueueStatus) }) } },
  },
  {
    operationId: 'openApiDocument',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    request: {},
    responses: { 200: { description: 'The OpenAPI 3.1 document of the API.', body: z.looseObject({ openapi: z.string() }) } },
  },
  {
    operationId: 'apiDocs',
    method: 'GET',
    path: '/docs',
    summary: 'This document as a page to read',
    request: {},
    responses: { 200: { description: 'An HTML page that renders /openapi.json.', body: z.string(), contentType: 'text/html' } },
  },
  {
    operationId: 'apiDocsRenderer',
    method: 'GET',
    path: '/docs/redoc.standalone.js',
    summary: 'The script that renders the page (Redoc)',
    request: {},
    responses: { 200: { description: 'JavaScript.', body: z.string(), contentType: 'text/javascript' } },
  },
];
