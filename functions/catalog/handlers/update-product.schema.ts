import * as z from 'zod';
import { ProductIdParams, productFields } from './product.schema.ts';

export const UpdateProductRequest = {
  params: ProductIdParams,
  body: z
    .strictObject({
      name: productFields.name.optional(),
      description: productFields.description.optional(),
      priceCents: productFields.priceCents.optional(),
      currency: productFields.currency.optional(),
      category: productFields.category.optional(),
      stock: productFields.stock.optional(),
    })
    .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field'),
};
