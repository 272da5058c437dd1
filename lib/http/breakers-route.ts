import { breakerStates, type BreakerLog } from '../breakers.ts';
import type { Clock } from '../clock.ts';
import { httpHandler } from './http-handler.ts';

/** GET /admin/<service>/breakers (admins): each of the service's breakers as its functions last saw it. */
export const breakersRoute = (deps: { log: BreakerLog; clock: Clock }, dependencies: readonly string[]) =>
  httpHandler({}, async () => ({ status: 200, body: { breakers: await breakerStates(deps, dependencies) } }));
