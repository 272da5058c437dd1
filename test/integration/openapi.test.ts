/**
 * The API describes itself: GET /openapi.json is the written document and GET /docs renders it with a
 * script the API serves. And the check every test's answers go through refuses what the document does not say.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { api } from '../support/api.ts';
import { contractBreach } from '../support/openapi-check.ts';

const written = JSON.parse(readFileSync(resolve(__dirname, '../../docs/openapi.json'), 'utf8')) as unknown;

describe('the API\'s own description', () => {
  it('serves the written OpenAPI document at /openapi.json', async () => {
    const response = await api('GET', '/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(written);
  });

  it('serves a page at /docs that renders the document with a script of its own, none from elsewhere', async () => {
    const page = await api('GET', '/docs');
    const sources = [...page.text.matchAll(/(?:src|spec-url)="([^"]+)"/g)].map((match) => String(match[1]));

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(sources).toEqual(['openapi.json', 'docs/redoc.standalone.js']);
  });

  it('serves the renderer compressed to those who accept it, and plain to the others', async () => {
    // fetch unzips what it is sent; the header says how it came.
    const zipped = await api('GET', '/docs/redoc.standalone.js', { headers: { 'accept-encoding': 'gzip' } });
    const plain = await api('GET', '/docs/redoc.standalone.js', { headers: { 'accept-encoding': 'identity' } });

    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('text/javascript');
    expect(plain.text).toContain('Redoc');
    expect(zipped.text).toBe(plain.text);
  });
});

describe('the check of every answer against the document', () => {
  const url = 'http://127.0.0.1:1/products/6f1c0e8e-3b8a-4c59-9a52-1c2b3d4e5f60';
  const product = { id: '6f1c0e8e-3b8a-4c59-9a52-1c2b3d4e5f60', name: 'Teapot', description: '', priceCents: 1, currency: 'EUR', category: 'kitchen', stock: 1, version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
  const headers = (extra: Record<string, string> = {}) => new Headers({ 'content-type': 'application/json', 'x-correlation-id': 'c-1', etag: '"1"', ...extra });
  const answer = (status: number, body: unknown, extra?: Record<string, string>) => ({ method: 'GET', url, status, headers: headers(extra), text: JSON.stringify(body) });

  it('passes an answer the document describes', () => {
    expect(contractBreach(answer(200, product))).toBeUndefined();
  });

  it.each([
    ['a status the route does not list', answer(418, product), 'which the document does not list'],
    ['a field the schema does not have', answer(200, { ...product, secret: 'x' }), 'must NOT have additional properties'],
    ['a field of the wrong type', answer(200, { ...product, stock: '1' }), 'must be integer'],
    ['a required header missing', { ...answer(200, product), headers: new Headers({ 'content-type': 'application/json', 'x-correlation-id': 'c-1' }) }, 'without its ETag header'],
    ['a header of the wrong form', answer(200, product, { etag: 'W/"1"' }), 'ETag header of W/"1"'],
    ['another media type', answer(404, product, { 'content-type': 'text/plain' }), 'as text/plain'],
    ['a problem without its fields', answer(404, { type: 'urn:shop:problem:not-found' }, { 'content-type': 'application/problem+json' }), "must have required property 'title'"],
    ['a route the document lacks that answered', { ...answer(200, {}), url: 'http://127.0.0.1:1/users/42' }, 'is not in the document'],
  ])('refuses %s', (_what, exchange, breach) => {
    expect(contractBreach(exchange)).toContain(breach);
  });
});
