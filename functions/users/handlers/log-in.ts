import { httpHandler } from '../../../lib/http/http-handler.ts';
import { accessTokenIssuer } from '../compose-tokens.ts';
import { clock, ids, loginAttempts, passwordHasher, secrets, sessionStore, userRepository } from '../compose.ts';
import { logIn } from '../use-cases/log-in.ts';
import { LogInRequest } from './log-in.schema.ts';
import { tokensResponse } from './tokens-response.ts';

const deps = {
  users: userRepository,
  passwords: passwordHasher,
  attempts: loginAttempts,
  sessions: sessionStore,
  tokens: accessTokenIssuer,
  secrets,
  clock,
  ids,
};

export const handler = httpHandler(LogInRequest, async ({ body, sourceIp }) =>
  tokensResponse(await logIn(deps, { ...body, address: sourceIp })),
);
