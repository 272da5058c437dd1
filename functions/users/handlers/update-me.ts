import { httpHandler } from '../../../lib/http/http-handler.ts';
import { clock, loginAttempts, passwordHasher, sessionStore, userRepository } from '../compose.ts';
import { updateMe } from '../use-cases/update-me.ts';
import { UpdateMeRequest } from './update-me.schema.ts';

const deps = { users: userRepository, passwords: passwordHasher, attempts: loginAttempts, sessions: sessionStore, clock };

export const handler = httpHandler(UpdateMeRequest, async ({ caller, body, sourceIp }) => ({
  status: 200,
  body: await updateMe(deps, { ...body, userId: caller.userId, sessionId: caller.sessionId, address: sourceIp }),
}));
