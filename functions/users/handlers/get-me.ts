import { httpHandler } from '../../../lib/http/http-handler.ts';
import { userRepository } from '../compose.ts';
import { getMe } from '../use-cases/get-me.ts';

const deps = { users: userRepository };

export const handler = httpHandler({ caller: true }, async ({ caller }) => ({ status: 200, body: await getMe(deps, caller.userId) }));
