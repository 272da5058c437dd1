import { canonicalUuid } from '../../../lib/ids.ts';
import * as z from '../../../lib/zod.ts';

/**
 * The path of a route about one product. Apart from product.schema.ts, whose field schemas are built at
 * load even where unused (esbuild cannot drop a .check() call), so GET and DELETE do not pay for them.
 */
export const ProductIdParams = z.strictObject({ id: canonicalUuid('must be a product id (a UUID)') });
