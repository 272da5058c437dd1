import { systemClock } from '../../../lib/clock.ts';
import { breakersRoute } from '../../../lib/http/breakers-route.ts';
import { breakerLog, CATALOG_BREAKER } from '../compose-breakers.ts';

/** GET /admin/orders/breakers: the catalog's breaker, which placing an order goes through. */
export const handler = breakersRoute({ log: breakerLog, clock: systemClock }, [CATALOG_BREAKER]);
