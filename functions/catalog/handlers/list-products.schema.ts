import * as z from '../../../lib/zod.ts';
import { productFields } from './product.schema.ts';

export const ListProductsRequest = {
  query: z.strictObject({
    category: z.optional(productFields.category),
    limit: z._default(z.pipe(z.coerce.number<string>(), z.int().check(z.minimum(1), z.maximum(100))), 20),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
};
