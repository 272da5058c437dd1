import document from '../../../docs/openapi.json' with { type: 'json' };
import { httpHandler } from '../../../lib/http/http-handler.ts';

/**
 * GET /openapi.json: the document `npm run openapi` wrote, bundled at build time. Building it here from
 * the schemas would put every service's schemas and the generator in this bundle, and their cost in
 * its cold start; a test keeps the written file true to the schemas.
 */
export const handler = httpHandler({}, async () => ({ status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: document }));
