import * as z from 'zod';

/** The fields a client may set on a product, shared by create and update. */
export const productFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000),
  priceCents: z.int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  category: z
    .string()
    .max(50)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, such as kitchen-tools'),
  stock: z.int().min(0).max(1_000_000),
};

export const ProductIdParams = z.strictObject({ id: z.uuid('must be a product id (a UUID)') });
