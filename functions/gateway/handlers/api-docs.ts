import { httpHandler } from '../../../lib/http/http-handler.ts';

/**
 * GET /docs: a page that renders /openapi.json with Redoc, whose script this API serves too (no CDN).
 * The paths are relative, so the page works under any base path the API is deployed at.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>shop API</title>
  </head>
  <body>
    <redoc spec-url="openapi.json"></redoc>
    <script src="docs/redoc.standalone.js"></script>
  </body>
</html>
`;

export const handler = httpHandler({}, async () => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
  body: PAGE,
}));
