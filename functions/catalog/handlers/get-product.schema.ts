import { ProductIdParams } from './product-id.schema.ts';

export const GetProductRequest = { params: ProductIdParams };
