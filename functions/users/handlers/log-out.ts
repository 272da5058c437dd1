import { httpHandler } from '../../../lib/http/http-handler.ts';
import { clock, sessionStore } from '../compose.ts';
import { logOut } from '../use-cases/log-out.ts';

const deps = { sessions: sessionStore, clock };

/** Ends the caller's session (the one their access token belongs to). */
export const handler = httpHandler({ caller: true }, async ({ caller }) => {
  await logOut(deps, caller);
  return { status: 204 };
});
