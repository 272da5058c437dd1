/**
 * The storefront (web/) under `npm start`: built by Vite into a folder of this run's own, then served
 * on a port of its own, as CloudFront serves it on AWS: the app's files (sirv), index.html for the
 * paths of its pages, the same security headers, and a config.json naming the local API. A port apart
 * from the API's keeps the browser's view as on AWS, where the app and the API are two origins (CORS).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Emulator } from './emulators.ts';
import { servedEmulator } from './served-emulator.ts';
import { exitOf } from './processes.ts';

/**
 * The headers the app is served with: what the web stack's CloudFront response headers policy sends
 * (functions/web/resources.yml; lib/serverless/templates.test.ts holds the two to each other). The page may talk
 * to its own origin and to the API alone.
 */
export function securityHeaders(apiUrl: string): Record<string, string> {
  return {
    'content-security-policy': `default-src 'self'; connect-src 'self' ${apiUrl}; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}

/** Builds the app into `outDir` with the repository's Vite; rejects with Vite's output when it fails. */
export async function buildStorefront(root: string, outDir: string): Promise<void> {
  const vite = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: join(root, 'web'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  vite.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  vite.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await exitOf(vite, () => '');
  if (vite.exitCode !== 0) throw new Error(`The storefront's build failed (vite exited ${vite.exitCode ?? vite.signalCode}):\n${output}`);
}

/** Serves the built app in `dir` on `port` (0 picks one; `url` says which), on `host` alone. */
export async function startStorefront({ dir, port, apiUrl, host = '127.0.0.1' }: { dir: string; port: number; apiUrl: string; host?: string }): Promise<Emulator> {
  const headers = securityHeaders(apiUrl);
  const config = JSON.stringify({ apiUrl });
  const files = sirv(dir, {
    etag: true,
    // index.html for a path with no file name in it (a page of the app), a 404 for a missing file.
    single: true,
    setHeaders: (response, pathname) => response.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (new URL(request.url ?? '/', 'http://storefront').pathname === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(request.method === 'HEAD' ? undefined : config);
      return;
    }
    files(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return servedEmulator(server, host, 'The storefront server');
}
