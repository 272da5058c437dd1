import { gzipSync } from 'node:zlib';
// Bundled as text (esbuild's text import): the renderer ships inside this function, none of it from a CDN.
import script from 'redoc/bundles/redoc.standalone.js' with { type: 'text' };
import { httpHandler } from '../../../lib/http/http-handler.ts';

const headers = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' };
/** Compressed once per container, on the first request that accepts it. */
let gzipped: string | undefined;

/** GET /docs/redoc.standalone.js: the script that renders GET /docs (Redoc). */
export const handler = httpHandler({}, async ({ headers: request }) => {
  if (!/\bgzip\b/.test(request['accept-encoding'] ?? '')) return { status: 200, headers, body: script };
  gzipped ??= gzipSync(script).toString('base64');
  return { status: 200, headers: { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }, body: gzipped, isBase64Encoded: true };
});
