import type { Clock, SessionStore } from '../ports.ts';

export type LogOutDeps = { sessions: SessionStore; clock: Clock };

/**
 * Ends the caller's session (the one their access token names), so none of its refresh tokens works
 * again. It reaches the caller's own sessions only; logging out twice is fine. Access tokens already
 * issued stay valid until they expire (at most 15 minutes).
 */
export async function logOut({ sessions, clock }: LogOutDeps, caller: { userId: string; sessionId: string }): Promise<void> {
  await sessions.revoke(caller.userId, caller.sessionId, clock.now());
}
