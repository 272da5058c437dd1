import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from './emulators.ts';
import { securityHeaders, startStorefront } from './storefront.ts';

const API = 'http://127.0.0.1:3999';
let dir: string;
let storefront: Emulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'storefront-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Shop</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  storefront = await startStorefront({ dir, port: 0, apiUrl: API });
});

afterAll(async () => {
  await storefront?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${storefront.url}${path}`, init);

describe('the storefront under npm start', () => {
  it('answers config.json with the local API, never cached', async () => {
    const response = await get('/config.json');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.json()).toEqual({ apiUrl: API });
  });

  it("answers a page's path with index.html, and a missing file with a 404", async () => {
    const page = await get('/orders/7d0c1f9e-6f39-4a54-9c3b-1f1c2b7b8a10');
    const missing = await get('/assets/gone-123.js');

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Shop</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(missing.status).toBe(404);
  });

  it('keeps hashed assets a year, and sends the security headers with everything', async () => {
    const asset = await get('/assets/index-abc123.js');
    const refused = await get('/', { method: 'POST' });

    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const response of [asset, refused]) {
      for (const [name, value] of Object.entries(securityHeaders(API))) expect(response.headers.get(name)).toBe(value);
    }
    expect(securityHeaders(API)['content-security-policy']).toContain(`connect-src 'self' ${API};`);
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET, HEAD');
  });
});
