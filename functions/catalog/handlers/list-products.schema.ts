import * as z from 'zod';
import { productFields } from './product.schema.ts';

export const ListProductsRequest = {
  query: z.strictObject({
    category: productFields.category.optional(),
    limit: z.coerce.number<string>().pipe(z.int().min(1).max(100)).default(20),
    cursor: z.string().min(1).max(2048).optional(),
  }),
};
