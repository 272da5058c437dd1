import { ProductIdParams } from './product.schema.ts';

export const DeleteProductRequest = { params: ProductIdParams };
