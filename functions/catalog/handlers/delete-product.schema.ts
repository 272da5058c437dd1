import { ProductIdParams } from './product-id.schema.ts';

export const DeleteProductRequest = { params: ProductIdParams };
