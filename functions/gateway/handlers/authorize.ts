import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { acceptCorrelationId, CORRELATION_HEADER } from '../../../lib/correlation.ts';
import { UnauthorizedError } from '../../../lib/errors.ts';
import type { Caller } from '../../../lib/http/caller.ts';
import { logger } from '../../../lib/logger.ts';
import { observability } from '../../../lib/observability.ts';
import { accessTokenVerifier, clock } from '../compose.ts';
import { identifyCaller } from '../use-cases/identify-caller.ts';

const deps = { tokens: accessTokenVerifier, clock };

/**
 * The gateway's guard: an HTTP API Lambda authorizer (payload 2.0, simple responses), the one place
 * where tokens are read. No token, or one that is not the users service's, altered or expired: it
 * throws "Unauthorized", which API Gateway and serverless-offline both answer with 401. A good token
 * whose role the route does not admit: `isAuthorized: false`, answered with 403. The caller travels to
 * the route's handler as the context (lib/http/caller.ts).
 */
function authorizer(admits: (caller: Caller) => boolean) {
  return middy<APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult<Caller>>()
    .use(observability())
    // API Gateway lower-cases header names; serverless-offline passes them as sent (`Authorization`).
    .use(httpHeaderNormalizer())
    .handler(async (event) => {
      logger.setCorrelationId(acceptCorrelationId(event.headers?.[CORRELATION_HEADER]));
      const caller = await identify(event.headers?.authorization);
      return { isAuthorized: admits(caller), context: caller };
    });
}

async function identify(authorization: string | undefined): Promise<Caller> {
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '')?.[1];
  try {
    if (token === undefined) throw new UnauthorizedError('no Bearer token in Authorization');
    return await identifyCaller(deps, token);
  } catch (error) {
    // Anything else (the JWKS unreachable, say) is not the caller's fault: it stays an error (500 on AWS).
    if (!(error instanceof UnauthorizedError)) throw error;
    logger.info('token refused', { reason: error.message });
    throw new Error('Unauthorized');
  }
}

/** Any signed-in user. */
export const handler = authorizer(() => true);
/** Admins only (catalog writes). */
export const admin = authorizer((caller) => caller.role === 'admin');
