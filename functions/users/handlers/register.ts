import { httpHandler } from '../../../lib/http/http-handler.ts';
import { clock, ids, passwordHasher, userRepository } from '../compose.ts';
import { registerUser } from '../use-cases/register-user.ts';
import { RegisterRequest } from './register.schema.ts';

const deps = { users: userRepository, passwords: passwordHasher, clock, ids };

export const handler = httpHandler(RegisterRequest, async ({ body }) => ({
  status: 201,
  headers: { location: '/users/me' },
  body: await registerUser(deps, body),
}));
