import { UnprocessableError } from '../errors.ts';
import { toProblem } from './problem.ts';

describe('problem details', () => {
  it('makes an UnprocessableError a 422 that names each field and why', () => {
    const { problem } = toProblem(new UnprocessableError([{ field: 'items.1.productId', reason: 'is not a product the catalog sells' }]));

    expect(problem).toEqual({
      type: 'urn:shop:problem:unprocessable',
      title: 'The request cannot be carried out',
      status: 422,
      detail: 'items.1.productId: is not a product the catalog sells',
      errors: [{ field: 'items.1.productId', reason: 'is not a product the catalog sells' }],
    });
  });
});
