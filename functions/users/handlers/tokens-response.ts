import type { HttpResult } from '../../../lib/http/http-handler.ts';
import type { TokenPair } from '../domain/tokens.ts';

/** Tokens are never cached on the way (RFC 6749, 5.1). */
export const tokensResponse = (pair: TokenPair): HttpResult => ({
  status: 200,
  headers: { 'cache-control': 'no-store' },
  body: pair,
});
