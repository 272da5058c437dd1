import { canonicalUuid } from '../../../lib/ids.ts';
import * as z from '../../../lib/zod.ts';

/**
 * The path of a route about one product. Apart from product.schema.ts, whose field schemas are built at
 * load even where unused (esbuild cannot drop a .check() call), so GET and DELETE do not pay for them.
 */
export const ProductIdParams = z.strictObject({ id: canonicalUuid('must be a product id (a UUID)') });

/** The precondition of a write: `*` or ETags the caller read (lib/http/etag.ts reads it). */
export const IfMatchHeader = z.object({
  'if-match': z.string().check(
    z.meta({ description: 'The ETag you last read ("3"), several of them ("3", "4"), or * for any version. Without it: 428.' }),
  ),
});
