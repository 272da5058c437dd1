import * as z from '../../../lib/zod.ts';
import { productFields } from './product.schema.ts';

export const CreateProductRequest = {
  body: z.strictObject({
    ...productFields,
    description: z._default(productFields.description, ''),
    stock: z._default(productFields.stock, 0),
  }),
};
