/**
 * What one HTTP route promises, for the OpenAPI document (scripts/openapi/): the schemas its handler
 * validates with, what it answers and which problems it can give. Each service lists its routes in
 * its routes.ts from the schemas beside its handlers; the handlers themselves never import this.
 */
import * as z from '../zod.ts';
import { DeadLetter, deadLettersQuery, RedriveResult } from './dead-letter-routes.schema.ts';
import { BreakerStatus } from './breakers-route.schema.ts';

/** The gateway's authorizers, by the names the stacks give them (functions/gateway/http-api.yml). */
type Authorizer = 'signedIn' | 'admin';

/** The problem statuses a route's own logic can answer, beyond those its input and auth imply. */
type ProblemStatus = 401 | 404 | 409 | 412 | 422 | 428 | 429 | 503;

type ObjectSchema = z.ZodMiniType<unknown, Record<string, unknown>>;

type Answer = {
  description: string;
  /** Response headers, by their usual spelling (`ETag`); optional fields are headers sent only sometimes. */
  headers?: z.ZodMiniObject;
  /** The body; none for a 204. */
  body?: z.ZodMiniType;
  /** The body's media type, when it is not application/json. */
  contentType?: string;
};

export type ApiRoute = {
  /** The function's key in its service's functions.yml. */
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** As the stack's httpApi event names it: `/products/{id}`. */
  path: string;
  summary: string;
  description?: string;
  auth?: Authorizer;
  /** The schemas the handler validates with (its RouteSchema), and the request headers it reads. */
  request: {
    params?: ObjectSchema;
    query?: ObjectSchema;
    /** Lower case, as the handler reads them. */
    headers?: ObjectSchema;
    body?: z.ZodMiniType;
    /** Media types the body is accepted in (application/json unless said). */
    bodyTypes?: readonly string[];
  };
  responses: Readonly<Record<number, Answer>>;
  problems?: readonly ProblemStatus[];
};

/** An RFC 9457 problem, as lib/http/problem.ts makes every error answer. */
export const Problem = z.object({
  type: z.string().check(z.meta({ description: 'A URN naming the kind of problem: urn:shop:problem:<kind>.' })),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.optional(
    z.array(
      z.object({
        field: z.string().check(z.meta({ description: 'Body fields plainly (items.0.quantity); others as path.id, query.limit, headers.if-match.' })),
        reason: z.string(),
      }),
    ),
  ),
});

/** What a route's page of results looks like: the items, and a cursor to the next page if there is one. */
export const pageOf = (item: z.ZodMiniType) =>
  z.object({
    items: z.array(item),
    nextCursor: z.optional(z.string().check(z.meta({ description: 'Opaque: pass it back as the cursor query parameter for the next page.' }))),
  });

/** The ETag of the version answered, as If-Match takes it back. */
export const etagHeader = z.string().check(z.regex(/^"\d+"$/), z.meta({ description: 'The version answered, as a strong ETag ("3"): send it back in If-Match.' }));
export const locationHeader = z.string().check(z.meta({ description: 'Where the resource created is.' }));
export const retryAfterHeader = z.string().check(z.regex(/^\d+$/), z.meta({ description: 'Seconds to wait before trying again.' }));

/** A readiness route's answer (lib/readiness.ts), 200 or 503 alike. */
export const Readiness = z.object({
  ready: z.boolean(),
  checks: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      reason: z.optional(z.string().check(z.meta({ description: 'Why the check is not ok, when the service can say so.' }))),
    }),
  ),
});

/** The answers of a readiness route (lib/http/readiness-route.ts). */
export const readinessResponses = {
  200: { description: 'Every resource of the service answers.', body: Readiness },
  503: { description: 'A resource does not answer: the checks say which.', body: Readiness },
} as const;

/**
 * The two admin routes every service with a queue has for its DLQ (lib/http/dead-letter-routes.ts),
 * named by the service: `<service>DeadLetters` and `<service>Redrive`, under /admin/<service>/.
 */
export const deadLetterApiRoutes = (service: string, queue: string): ApiRoute[] => [
  {
    operationId: `${service}DeadLetters`,
    method: 'GET',
    path: `/admin/${service}/dead-letters`,
    summary: `The messages in the ${service} ${queue} DLQ`,
    description: 'The oldest messages of the dead-letter queue, read and left there (each read counts as a receive).',
    auth: 'admin',
    request: { query: deadLettersQuery },
    responses: { 200: { description: 'The messages.', body: z.object({ items: z.array(DeadLetter) }) } },
  },
  {
    operationId: `${service}Redrive`,
    method: 'POST',
    path: `/admin/${service}/dead-letters/redrive`,
    summary: `Send the ${service} ${queue} DLQ's messages back to their queue`,
    description:
      'Moves what the dead-letter queue holds now back to the queue it came from, to be handled again; each is deleted from the DLQ once sent, ' +
      'so a failure may leave a message in both, never in neither.',
    auth: 'admin',
    request: {},
    responses: { 200: { description: 'What was moved, and what was not.', body: RedriveResult } },
  },
];

/** The admin route of a service whose functions call others through breakers (lib/http/breakers-route.ts). */
export const breakersApiRoute = (service: string, guards: string): ApiRoute => ({
  operationId: `${service}Breakers`,
  method: 'GET',
  path: `/admin/${service}/breakers`,
  summary: `The ${service} service's circuit breakers`,
  description:
    `The breaker around ${guards}, as the last of the ${service} functions' containers to see it change saw it: each container holds its own, ` +
    'so this is the latest change any of them reported, with when and which container.',
  auth: 'admin',
  request: {},
  responses: { 200: { description: 'The breakers.', body: z.object({ breakers: z.array(BreakerStatus) }) } },
});
