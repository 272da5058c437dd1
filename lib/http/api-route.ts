/**
 * What one HTTP route promises, for the OpenAPI document (scripts/openapi/): the schemas its handler
 * validates with, what it answers and which problems it can give. Each service lists its routes in
 * its routes.ts from the schemas beside its handlers; the handlers themselves never import this.
 */
import * as z from '../zod.ts';

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
