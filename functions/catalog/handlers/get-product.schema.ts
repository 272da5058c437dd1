import { ProductIdParams } from './product.schema.ts';

export const GetProductRequest = { params: ProductIdParams };
