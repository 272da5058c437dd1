import * as z from '../../../lib/zod.ts';

const visible = z.int().check(z.meta({ description: 'Messages waiting to be received (SQS’s approximate count).' }));
const inFlight = z.int().check(z.meta({ description: 'Messages received and not yet deleted: being handled, or waiting out their visibility timeout.' }));

/** One queue of the stage as GET /admin/queues shows it (functions/gateway/use-cases/list-queues.ts). */
export const QueueStatus = z.object({
  service: z.string(),
  name: z.string().check(z.meta({ description: 'As the service publishes it (stock-commands), its full name shop-<stage>-<service>-<name>.' })),
  visible,
  inFlight,
  deadLetter: z.nullable(z.object({ name: z.string(), visible, inFlight })),
});
