import { BREAKER_STATES } from '../breakers.ts';
import * as z from '../zod.ts';

/** A breaker as GET /admin/<service>/breakers answers it (lib/breakers.ts BreakerView). */
export const BreakerStatus = z.object({
  dependency: z.string().check(z.meta({ description: 'What the breaker guards calls to (the payment provider, the catalog).' })),
  state: z.enum(BREAKER_STATES).check(z.meta({ description: 'As the last container to see a change saw it; closed when none was ever recorded.' })),
  changedAt: z.nullable(z.string()),
  ageSeconds: z.nullable(z.int()),
  container: z.nullable(z.string().check(z.meta({ description: 'The name the container that saw the change took when it started.' }))),
});
