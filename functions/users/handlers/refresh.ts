import { httpHandler } from '../../../lib/http/http-handler.ts';
import { accessTokenIssuer } from '../compose-tokens.ts';
import { clock, secrets, sessionStore, userRepository } from '../compose.ts';
import { refreshSession } from '../use-cases/refresh-session.ts';
import { RefreshRequest } from './refresh.schema.ts';
import { tokensResponse } from './tokens-response.ts';

const deps = { users: userRepository, sessions: sessionStore, tokens: accessTokenIssuer, secrets, clock };

export const handler = httpHandler(RefreshRequest, async ({ body }) => tokensResponse(await refreshSession(deps, body.refreshToken)));
