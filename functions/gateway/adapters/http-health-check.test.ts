import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpHealthCheck } from './http-health-check.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/slow') {
      setTimeout(() => response.end('late'), 1000).unref();
      return;
    }
    response.writeHead(request.url === '/ready' ? 200 : 503).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = new HttpHealthCheck({ timeoutMs: 200 });

describe('asking a readiness route over HTTP', () => {
  it('is ready on a 2xx answer', async () => {
    expect(await check.isReady(`${base}/ready`)).toBe(true);
  });

  it('is not ready on a 503', async () => {
    expect(await check.isReady(`${base}/down`)).toBe(false);
  });

  it('is not ready when the answer comes after the timeout, and does not wait for it', async () => {
    const started = Date.now();

    expect(await check.isReady(`${base}/slow`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('is not ready when nothing listens', async () => {
    expect(await check.isReady('http://127.0.0.1:1/health')).toBe(false);
  });
});
