import * as z from '../../lib/zod.ts';
import { SsmServiceRegistry } from '../../lib/aws/ssm-registry.ts';
import { readConfig } from '../../lib/config.ts';
import { HttpHealthCheck } from './adapters/http-health-check.ts';

/** GET /registry's composition root, apart from compose.ts so that the authorizers do not load SSM. */
const config = readConfig(z.object({ SHOP_STAGE: z.string().check(z.minLength(1)) }));

export const directory = new SsmServiceRegistry({ stage: config.SHOP_STAGE });
// Well inside the function's timeout: every service is asked at once.
export const health = new HttpHealthCheck({ timeoutMs: 2000 });
