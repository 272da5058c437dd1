import { Buffer } from 'node:buffer';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from '../zod.ts';
import { acceptCorrelationId, CORRELATION_HEADER, withCorrelationId } from '../correlation.ts';
import { ValidationError } from '../errors.ts';
import { scopedToFunction } from '../invocation.ts';
import { logger } from '../logger.ts';
import { observability } from '../observability.ts';
import { zodFieldErrors } from '../validation.ts';
import { callerOf, type Caller } from './caller.ts';
import { PayloadTooLargeError, toProblem } from './problem.ts';

/**
 * What a route accepts; each part is a zod schema and the handler gets the parsed values. `caller: true`
 * marks a route behind the gateway's authorizer: its handler gets the caller the authorizer vouched for.
 */
export type RouteSchema = { params?: z.ZodMiniType; query?: z.ZodMiniType; body?: z.ZodMiniType; caller?: true };

type Parsed<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

export type HttpRequest<S extends RouteSchema> = {
  params: Parsed<S['params']>;
  query: Parsed<S['query']>;
  body: Parsed<S['body']>;
  caller: S['caller'] extends true ? Caller : undefined;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The address the request came from, as the gateway saw it (the socket's peer, not a header). */
  sourceIp: string;
};

/**
 * What a handler answers. A body is sent as JSON, unless it is a string and the headers give its
 * content type (a page, a script): then it goes as it is, base64 when `isBase64Encoded` (compressed bytes).
 */
export type HttpResult = { status: number; body?: unknown; headers?: Record<string, string>; isBase64Encoded?: boolean };

type Event = APIGatewayProxyEventV2;
type Response = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The one middy stack for HTTP routes, scoped to its function (lib/invocation.ts): Lambda context and
 * correlation id on every log line (one per request), header normalisation, a body limit, JSON parsing
 * (routes with a body), validation against the route's schema, then the handler; any error becomes a
 * problem+json response, mapped once.
 */
export function httpHandler<S extends RouteSchema>(
  schema: S,
  handle: (request: HttpRequest<S>) => Promise<HttpResult>,
  { metrics }: { metrics?: Metrics } = {},
) {
  const stack = middy<Event, Response>()
    .use(observability(metrics))
    .use(httpHeaderNormalizer())
    .use(correlationId())
    .use(problemDetails())
    .use(bodyLimit(MAX_BODY_BYTES));
  if (schema.body !== undefined) stack.use(jsonBody());

  return scopedToFunction(
    stack.handler(async (event) => {
      const request = parseRequest(schema, event);
      const response = toResponse(await withCorrelationId(correlationIdOf(event), () => handle(request)));
      // One line per request: this one when it is answered, problemDetails' when it is refused or fails.
      logger.info('request handled', { route: event.routeKey, status: response.statusCode });
      return response;
    }),
  );
}

const correlationIdOf = (event: Event): string => acceptCorrelationId(event.headers[CORRELATION_HEADER]);

/** Takes the caller's X-Correlation-Id (or makes one), logs with it and returns it on every response. */
function correlationId(): MiddlewareObj<Event, Response> {
  const answerWithId = (request: { event: Event; response: Response | null | undefined }): void => {
    if (request.response == null) return;
    request.response.headers = { ...request.response.headers, [CORRELATION_HEADER]: correlationIdOf(request.event) };
  };
  return {
    before: (request) => {
      const id = correlationIdOf(request.event);
      request.event.headers = { ...request.event.headers, [CORRELATION_HEADER]: id };
      logger.setCorrelationId(id);
    },
    after: answerWithId,
    onError: answerWithId,
  };
}

function problemDetails(): MiddlewareObj<Event, Response> {
  return {
    onError: (request) => {
      const { problem, headers } = toProblem(request.error);
      if (problem.status >= 500) logger.error('request failed', { error: request.error as Error });
      else logger.info('request refused', { status: problem.status, detail: problem.detail });
      request.response = {
        statusCode: problem.status,
        headers: { 'content-type': 'application/problem+json', ...headers },
        body: JSON.stringify(problem),
      };
    },
  };
}

/** Refuses big bodies before anything parses them; "no body" is always `undefined` after it. */
function bodyLimit(maxBytes: number): MiddlewareObj<Event, Response> {
  return {
    before: ({ event }) => {
      // API Gateway leaves the body out when there is none; serverless-offline sends null.
      if (event.body === null) delete event.body;
      if (event.body === undefined) return;
      const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64').byteLength : Buffer.byteLength(event.body);
      if (bytes > maxBytes) throw new PayloadTooLargeError(`The body is ${bytes} bytes; at most ${maxBytes} are accepted.`);
    },
  };
}

/**
 * middy's JSON body parser, whose refusal of a key that could reach an object's prototype (`__proto__`,
 * or `constructor` holding a `prototype`) is a 422 like broken syntax: here it is a 400 naming the key.
 */
function jsonBody(): MiddlewareObj<Event, Response> {
  const parser = httpJsonBodyParser();
  return {
    before: async (request) => {
      try {
        await parser.before?.(request);
      } catch (error) {
        throw refusedKey(error) ?? error;
      }
    },
  };
}

/** The parser's forbidden-key error (its message is how @middy/http-json-body-parser marks it; its cause names the key). */
function refusedKey(error: unknown): ValidationError | undefined {
  const { statusCode, message, cause } = error as { statusCode?: unknown; message?: unknown; cause?: { data?: unknown } };
  if (statusCode !== 422 || message !== 'Forbidden key in JSON body' || typeof cause?.data !== 'string') return undefined;
  const reason =
    cause.data === '__proto__'
      ? 'keys named __proto__ are refused: they could change what every object inherits'
      : 'a constructor key holding a prototype is refused: it could change what objects inherit';
  return new ValidationError([{ field: cause.data, reason }]);
}

function parseRequest<S extends RouteSchema>(schema: S, event: Event): HttpRequest<S> {
  const errors: ValidationError['fieldErrors'][number][] = [];
  // Body fields are named plainly, as the domain names them too; path and query parameters by where they are.
  const parse = (part: string | undefined, partSchema: z.ZodMiniType | undefined, value: unknown): unknown => {
    if (partSchema === undefined) return undefined;
    const result = partSchema.safeParse(value);
    if (result.success) return result.data;
    errors.push(...zodFieldErrors(result.error, part));
    return undefined;
  };
  const caller = schema.caller === true ? callerOf(event) : undefined;
  const request = {
    params: parse('path', schema.params, event.pathParameters ?? {}),
    query: parse('query', schema.query, event.queryStringParameters ?? {}),
    body: parse(undefined, schema.body, event.body),
    caller,
    headers: event.headers,
    sourceIp: event.requestContext.http.sourceIp,
  };
  if (errors.length > 0) throw new ValidationError(errors);
  return request as HttpRequest<S>;
}

function toResponse({ status, body, headers, isBase64Encoded }: HttpResult): Response {
  if (body === undefined) return { statusCode: status, headers: { ...headers }, body: '' };
  if (typeof body === 'string' && headers?.['content-type'] !== undefined) {
    return { statusCode: status, headers: { ...headers }, body, ...(isBase64Encoded === true ? { isBase64Encoded } : {}) };
  }
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
