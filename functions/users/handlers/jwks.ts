import { httpHandler } from '../../../lib/http/http-handler.ts';
import { accessTokenIssuer } from '../compose-tokens.ts';
import { getJwks } from '../use-cases/get-jwks.ts';

const deps = { tokens: accessTokenIssuer };

/** The public keys that verify our access tokens; caches may keep them a few minutes (keys rotate slowly). */
export const handler = httpHandler({}, async () => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=300' },
  body: await getJwks(deps),
}));
