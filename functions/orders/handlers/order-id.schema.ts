import * as z from '../../../lib/zod.ts';
import { canonicalUuid } from '../../../lib/ids.ts';

export const orderIdParams = z.strictObject({ id: canonicalUuid('must be an order id (a UUID)') });
