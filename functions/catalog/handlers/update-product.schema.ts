import * as z from '../../../lib/zod.ts';
import { ProductIdParams } from './product-id.schema.ts';
import { productFields } from './product.schema.ts';

export const UpdateProductRequest = {
  params: ProductIdParams,
  body: z
    .strictObject({
      name: z.optional(productFields.name),
      description: z.optional(productFields.description),
      priceCents: z.optional(productFields.priceCents),
      currency: z.optional(productFields.currency),
      category: z.optional(productFields.category),
      stock: z.optional(productFields.stock),
    })
    .check(z.refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')),
};
