import * as z from 'zod';
import { productFields } from './product.schema.ts';

export const CreateProductRequest = {
  body: z.strictObject({
    ...productFields,
    description: productFields.description.default(''),
    stock: productFields.stock.default(0),
  }),
};
