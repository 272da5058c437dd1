import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from '../zod.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { currentCorrelationId } from '../correlation.ts';
import { httpHandler } from './http-handler.ts';

const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 5000 } as unknown as Context;

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /things/{id}',
    rawPath: '/things/1',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { sourceIp: '203.0.113.7' } } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    ...overrides,
  };
}

const schema = {
  params: z.strictObject({ id: z.string().check(z.regex(/^\d+$/)) }),
  query: z.strictObject({ verbose: z.optional(z.enum(['yes', 'no'])) }),
  body: z.strictObject({ name: z.string().check(z.minLength(1)), count: z.int().check(z.minimum(0)) }),
};

const echo = httpHandler(schema, async (request) => ({
  status: 201,
  headers: { location: `/things/${request.params.id}` },
  body: { ...request.body, id: request.params.id, verbose: request.query.verbose ?? 'no', seen: currentCorrelationId(), from: request.sourceIp },
}));

const call = async (handler: typeof echo, request: APIGatewayProxyEventV2) => {
  const response = (await handler(request, context));
  return { ...response, json: JSON.parse(String(response.body || 'null')) as Record<string, unknown> };
};

describe('the HTTP middleware stack', () => {
  it('hands the handler parsed, validated input and serialises its answer', async () => {
    const response = await call(
      echo,
      event({ pathParameters: { id: '7' }, queryStringParameters: { verbose: 'yes' }, body: '{"name":"a","count":2}' }),
    );

    expect(response.statusCode).toBe(201);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', location: '/things/7' });
    expect(response.json).toMatchObject({ name: 'a', count: 2, id: '7', verbose: 'yes', from: '203.0.113.7' });
  });

  it('keeps the caller\'s correlation id for the handler\'s work and returns it', async () => {
    const response = await call(
      echo,
      event({ pathParameters: { id: '7' }, headers: { 'content-type': 'application/json', 'X-Correlation-Id': 'abc-123' }, body: '{"name":"a","count":2}' }),
    );

    expect(response.json.seen).toBe('abc-123');
    expect(response.headers?.['x-correlation-id']).toBe('abc-123');
  });

  it('replaces a correlation id that could smuggle anything into the logs', async () => {
    const response = await call(
      echo,
      event({ pathParameters: { id: '7' }, headers: { 'content-type': 'application/json', 'x-correlation-id': 'a\nb' }, body: '{"name":"a","count":2}' }),
    );

    expect(response.headers?.['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json.seen).toBe(response.headers?.['x-correlation-id']);
  });

  it('names every bad field and why, as problem+json', async () => {
    const response = await call(
      echo,
      event({ pathParameters: { id: 'x' }, queryStringParameters: { extra: '1' }, body: '{"name":"","count":-1,"role":"admin"}' }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({ type: 'urn:shop:problem:validation-error', status: 400 });
    expect((response.json.errors as Array<{ field: string }>).map((error) => error.field).sort()).toEqual([
      'count',
      'name',
      'path.id',
      'query.extra',
      'role',
    ]);
    expect(response.headers?.['x-correlation-id']).toBeDefined();
  });

  it.each([
    ['a body that is not JSON', { body: '{"name":', headers: { 'content-type': 'application/json' } }, 400, 'malformed-json'],
    ['a missing body', { body: undefined, headers: { 'content-type': 'application/json' } }, 400, 'malformed-json'],
    ['another content type', { body: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported-media-type'],
    ['no content type', { body: '{}', headers: {} }, 415, 'unsupported-media-type'],
    ['a body over 64 KB', { body: JSON.stringify({ name: 'x'.repeat(70_000), count: 1 }), headers: { 'content-type': 'application/json' } }, 413, 'payload-too-large'],
  ])('refuses %s with a clear 4xx', async (_what, overrides, status, slug) => {
    const response = await call(echo, event({ pathParameters: { id: '7' }, ...overrides }));

    expect(response.statusCode).toBe(status);
    expect(response.json).toMatchObject({ type: `urn:shop:problem:${slug}`, status });
  });

  it.each([
    ['a __proto__ key', '{"name":"a","count":1,"__proto__":{"admin":true}}', '__proto__', 'keys named __proto__ are refused'],
    ['a nested, escaped __proto__ key', '{"name":"a","count":1,"x":{"\\u005f_proto__":{}}}', '__proto__', 'keys named __proto__ are refused'],
    ['a constructor holding a prototype', '{"name":"a","count":1,"constructor":{"prototype":{}}}', 'constructor', 'a constructor key holding a prototype is refused'],
  ])('refuses a body with %s as a 400 that names the key and why', async (_what, body, field, reason) => {
    const response = await call(echo, event({ pathParameters: { id: '7' }, body }));

    expect(response.statusCode).toBe(400);
    expect(response.json).toMatchObject({ type: 'urn:shop:problem:validation-error', errors: [{ field, reason: expect.stringContaining(reason) as unknown }] });
  });

  it('reads a base64-encoded body and measures its decoded size', async () => {
    const body = Buffer.from('{"name":"b","count":0}').toString('base64');

    const response = await call(echo, event({ pathParameters: { id: '1' }, body, isBase64Encoded: true }));

    expect(response.statusCode).toBe(201);
    expect(response.json.name).toBe('b');
  });

  it('maps domain errors to their status once', async () => {
    const notFound = httpHandler({}, async () => {
      throw new NotFoundError('There is no thing 7.');
    });
    const conflict = httpHandler({}, async () => {
      throw new ConflictError('Taken.');
    });

    expect(await call(notFound, event())).toMatchObject({ statusCode: 404, json: { detail: 'There is no thing 7.' } });
    expect(await call(conflict, event())).toMatchObject({ statusCode: 409 });
  });

  it('answers an unexpected error with a 500 that reveals nothing of it', async () => {
    const broken = httpHandler({}, async () => {
      throw new Error('password=hunter2 at db.internal:5432');
    });

    const response = await call(broken, event());

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.json.type).toBe('urn:shop:problem:internal-error');
  });

  it('sends a string body with a content type of its own as it is, base64 when told', async () => {
    const page = httpHandler({}, async () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<p>hi</p>' }));
    const zipped = httpHandler({}, async () => ({ status: 200, headers: { 'content-type': 'text/javascript', 'content-encoding': 'gzip' }, body: 'H4sI', isBase64Encoded: true }));

    const [html, script] = [await page(event({ headers: {} }), context), await zipped(event({ headers: {} }), context)];

    expect(html).toMatchObject({ statusCode: 200, body: '<p>hi</p>', headers: { 'content-type': 'text/html' } });
    expect(html.isBase64Encoded).toBeUndefined();
    expect(script).toMatchObject({ body: 'H4sI', isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } });
  });

  it('answers 204 with no body and no content type', async () => {
    const noContent = httpHandler({}, async () => ({ status: 204 }));

    const response = (await noContent(event({ headers: {} }), context));

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers?.['content-type']).toBeUndefined();
  });
});
