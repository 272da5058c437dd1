import { ListProductsRequest } from './list-products.schema.ts';

const limitOf = (limit?: string) => ListProductsRequest.query.safeParse(limit === undefined ? {} : { limit });

describe('the product listing\'s query', () => {
  it.each([['1', 1], ['20', 20], ['99', 99], ['100', 100]])('reads limit=%s as %i', (limit, expected) => {
    expect(limitOf(limit).data?.limit).toBe(expected);
  });

  it('pages by 20 when no limit is given', () => {
    expect(limitOf().data?.limit).toBe(20);
  });

  it.each([['0x10'], ['+5'], ['1e1'], ['0005'], ['05'], ['5.0'], [' 5'], ['0'], ['101'], ['-1'], ['']])('refuses limit=%s', (limit) => {
    const result = limitOf(limit);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['limit'], message: 'must be a whole number from 1 to 100, in decimal digits' });
  });
});
