import { systemClock } from '../../../lib/clock.ts';
import { breakersRoute } from '../../../lib/http/breakers-route.ts';
import { breakerLog, PROVIDER_BREAKER } from '../compose-breakers.ts';

/** GET /admin/payments/breakers: the payment provider's breaker. */
export const handler = breakersRoute({ log: breakerLog, clock: systemClock }, [PROVIDER_BREAKER]);
