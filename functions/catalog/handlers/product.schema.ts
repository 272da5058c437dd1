import { multiLineText, oneLineText } from '../../../lib/text.ts';
import * as z from '../../../lib/zod.ts';

/** The fields a client may set on a product, shared by create and update. */
export const productFields = {
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), oneLineText()),
  description: z.string().check(z.trim(), z.maxLength(2000), multiLineText()),
  priceCents: z.int().check(z.minimum(0), z.maximum(100_000_000)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')),
  category: z
    .string()
    .check(
      z.maxLength(50),
      z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, such as kitchen-tools'),
    ),
  stock: z.int().check(z.minimum(0), z.maximum(1_000_000)),
};

/** A product as every catalog route answers it (functions/catalog/domain/product.ts). */
export const Product = z.object({
  id: z.uuid(),
  ...productFields,
  version: z.int().check(z.minimum(1), z.meta({ description: 'Grows by one with every change; the ETag is made from it.' })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
