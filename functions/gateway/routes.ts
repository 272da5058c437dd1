/** The gateway's own HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import type { ApiRoute } from '../../lib/http/api-route.ts';
import * as z from '../../lib/zod.ts';
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
