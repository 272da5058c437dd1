import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { api, type ApiResponse } from '../support/api.ts';
import { documents, resourceName } from '../support/aws.ts';
import { asAdmin } from '../support/auth.ts';
import { createProduct, type ProductBody } from '../support/catalog.ts';

/** Items in the catalog table whose name holds `marker`: what a refused request must not have written. */
async function written(marker: string): Promise<number> {
  const { Count = 0 } = await documents.send(
    new ScanCommand({
      TableName: resourceName('catalog'),
      FilterExpression: 'contains(#name, :marker)',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':marker': marker },
    }),
  );
  return Count;
}

function expectProblem(response: ApiResponse, status: number, field?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^urn:shop:problem:/) as unknown });
  if (field !== undefined) {
    expect((response.body as { errors: Array<{ field: string; reason: string }> }).errors).toContainEqual({
      field,
      reason: expect.any(String) as unknown,
    });
  }
}

/** A cursor in the listing's format, as a client could forge one. */
const forgedCursor = (cursor: Record<string, unknown>) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
const FORGED_ID = randomUUID();

const valid = (name: string) => ({ name, priceCents: 100, currency: 'EUR', category: 'bad-input', stock: 1 });

describe('bad input to the catalog gets a clear 4xx and writes nothing', () => {
  it.each([
    ['malformed JSON', (name: string) => ({ rawBody: `{"name":"${name}",`, headers: { 'content-type': 'application/json' } }), 400, undefined],
    ['a wrong content type', (name: string) => ({ rawBody: JSON.stringify(valid(name)), headers: { 'content-type': 'text/plain' } }), 415, undefined],
    ['an unknown field', (name: string) => ({ body: { ...valid(name), role: 'admin' } }), 400, 'role'],
    ['a missing field', (name: string) => ({ body: { ...valid(name), priceCents: undefined } }), 400, 'priceCents'],
    ['a wrong type', (name: string) => ({ body: { ...valid(name), stock: '3' } }), 400, 'stock'],
    ['a negative price', (name: string) => ({ body: { ...valid(name), priceCents: -1 } }), 400, 'priceCents'],
    ['a negative stock', (name: string) => ({ body: { ...valid(name), stock: -5 } }), 400, 'stock'],
    ['a fractional price', (name: string) => ({ body: { ...valid(name), priceCents: 9.99 } }), 400, 'priceCents'],
    ['a bad currency', (name: string) => ({ body: { ...valid(name), currency: 'euro' } }), 400, 'currency'],
    ['a body over 64 KB', (name: string) => ({ body: { ...valid(name), description: 'x'.repeat(70 * 1024) } }), 413, undefined],
    ['a JSON array', (name: string) => ({ rawBody: `[${JSON.stringify(valid(name))}]`, headers: { 'content-type': 'application/json' } }), 400, 'body'],
    ['a name holding a line break', (name: string) => ({ body: { ...valid(`${name}\r\nInjected: yes`) } }), 400, 'name'],
    ['a name holding a right-to-left override', (name: string) => ({ body: { ...valid(`${name} \u202Egpj.exe`) } }), 400, 'name'],
    ['a name holding a NUL', (name: string) => ({ body: { ...valid(`${name}\u0000`) } }), 400, 'name'],
    ['a description holding an escape', (name: string) => ({ body: { ...valid(name), description: '\u001b[2J' } }), 400, 'description'],
    ['a __proto__ key', (name: string) => ({ rawBody: `{"__proto__":{"role":"admin"},${JSON.stringify(valid(name)).slice(1)}`, headers: { 'content-type': 'application/json' } }), 400, '__proto__'],
  ])('POST /products with %s', async (_what, request, status, field) => {
    const marker = `bad-${randomUUID()}`;

    const { headers, ...rest } = request(marker) as { headers?: Record<string, string> };
    const response = await api('POST', '/products', { ...rest, headers: { ...headers, ...(await asAdmin()) } });

    expectProblem(response, status, field);
    expect(await written(marker)).toBe(0);
  });

  it('PATCH with bad fields changes nothing', async () => {
    const product = await createProduct();

    const response = await api('PATCH', `/products/${product.id}`, {
      body: { stock: -1, version: 99 },
      headers: { ...(await asAdmin()), 'if-match': '"1"' },
    });
    const after = await api<ProductBody>('GET', `/products/${product.id}`);

    expectProblem(response, 400, 'stock');
    expect(after.body).toEqual(product);
  });

  it('PATCH or DELETE with more ETags in If-Match than a write can check changes nothing', async () => {
    const product = await createProduct();
    const ifMatch = Array.from({ length: 101 }, (_, n) => `"${n + 1}"`).join(', ');

    const patch = await api('PATCH', `/products/${product.id}`, { body: { stock: 7 }, headers: { ...(await asAdmin()), 'if-match': ifMatch } });
    const remove = await api('DELETE', `/products/${product.id}`, { headers: { ...(await asAdmin()), 'if-match': ifMatch } });
    const after = await api<ProductBody>('GET', `/products/${product.id}`);

    expectProblem(patch, 400, 'headers.if-match');
    expectProblem(remove, 400, 'headers.if-match');
    expect(after.body).toEqual(product);
  });

  it.each([['2'], ['banana'], ['"1'], ['*, "1"']])('PATCH or DELETE with If-Match: %s, no entity tag, is a 400 naming the header and changes nothing', async (ifMatch) => {
    const product = await createProduct();

    const patch = await api('PATCH', `/products/${product.id}`, { body: { stock: 7 }, headers: { ...(await asAdmin()), 'if-match': ifMatch } });
    const remove = await api('DELETE', `/products/${product.id}`, { headers: { ...(await asAdmin()), 'if-match': ifMatch } });
    const after = await api<ProductBody>('GET', `/products/${product.id}`);

    expectProblem(patch, 400, 'headers.if-match');
    expectProblem(remove, 400, 'headers.if-match');
    expect((patch.body as { errors: Array<{ reason: string }> }).errors[0]?.reason).toContain('"<version>"');
    expect(after.body).toEqual(product);
  });

  it('PATCH with an empty change is refused', async () => {
    const product = await createProduct();

    const response = await api('PATCH', `/products/${product.id}`, { body: {}, headers: { ...(await asAdmin()), 'if-match': '"1"' } });

    expectProblem(response, 400, 'body');
  });

  it.each([
    ['GET', '/products/not-a-uuid', 'path.id'],
    ['PATCH', '/products/123', 'path.id'],
    ['DELETE', '/products/%27%3B--', 'path.id'],
    ['GET', '/products?limit=0', 'query.limit'],
    ['GET', '/products?limit=abc', 'query.limit'],
    ['GET', '/products?limit=1000', 'query.limit'],
    ['GET', '/products?limit=0x10', 'query.limit'],
    ['GET', '/products?limit=%2B5', 'query.limit'],
    ['GET', '/products?limit=1e1', 'query.limit'],
    ['GET', '/products?limit=0005', 'query.limit'],
    ['GET', '/products?category=Not%20A%20Slug', 'query.category'],
    ['GET', '/products?cursor=not-a-cursor', 'query.cursor'],
    ['GET', `/products?cursor=${Buffer.from('{"c":null,"s":"x","i":"nope"}').toString('base64url')}`, 'query.cursor'],
    ['GET', `/products?cursor=${forgedCursor({ c: null, s: `${'é'.repeat(540)}#${FORGED_ID}`, i: FORGED_ID })}`, 'query.cursor'],
    ['GET', `/products?cursor=${forgedCursor({ c: null, s: 'x#not-the-id', i: FORGED_ID })}`, 'query.cursor'],
    ['GET', '/products?sort=name', 'query.sort'],
  ])('%s %s is a 400 naming %s', async (method, path, field) => {
    const response = await api(method, path, {
      body: method === 'PATCH' ? { stock: 1 } : undefined,
      headers: { ...(await asAdmin()), 'if-match': '*' },
    });

    expectProblem(response, 400, field);
  });

  it('a product that does not exist is a 404 problem', async () => {
    expectProblem(await api('GET', `/products/${randomUUID()}`), 404);
  });
});
