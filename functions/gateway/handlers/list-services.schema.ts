import * as z from '../../../lib/zod.ts';

/** One service of the stage as GET /registry shows it (functions/gateway/use-cases/list-services.ts). */
export const ServiceStatus = z.object({
  name: z.string(),
  version: z.nullable(z.string()),
  url: z.string(),
  queues: z.array(z.object({ name: z.string(), url: z.string(), arn: z.optional(z.string()) })),
  health: z.nullable(z.string().check(z.meta({ description: 'The readiness route asked, or null when the service has none.' }))),
  ready: z.boolean(),
});
