import { zodFieldErrors } from '../../../lib/validation.ts';
import { CreateProductRequest } from './create-product.schema.ts';
import { UpdateProductRequest } from './update-product.schema.ts';

const product = { name: 'Teapot', priceCents: 2500, currency: 'EUR', category: 'kitchen' };
const refusedFields = (result: { success: boolean; error?: Parameters<typeof zodFieldErrors>[0] }) =>
  result.error === undefined ? [] : zodFieldErrors(result.error, undefined).map(({ field }) => field);

describe("a product's text fields", () => {
  it.each([
    ['a line feed', 'Tea\npot'],
    ['a carriage return', 'Tea\rpot'],
    ['a tab', 'Tea\tpot'],
    ['a NUL', 'Tea\u0000pot'],
    ['an escape (ANSI colours)', '\u001b[31mTeapot'],
    ['a C1 control', 'Tea\u0085pot'],
    ['a right-to-left override', 'Tea\u202Etop'],
    ['a bidirectional isolate', 'Tea\u2066pot'],
    ['a line separator', 'Tea\u2028pot'],
  ])('refuse a name holding %s, naming name, on create and on update', (_what, name) => {
    expect(refusedFields(CreateProductRequest.body.safeParse({ ...product, name }))).toEqual(['name']);
    expect(refusedFields(UpdateProductRequest.body.safeParse({ name }))).toEqual(['name']);
  });

  it('take a name in any script, with accents, emoji (joiners included) and the marks that order right-to-left text', () => {
    for (const name of ['Théière', 'чайник', 'ティーポット', 'إبريق\u200F شاي', '👩‍🍳 Teapot']) {
      expect(refusedFields(CreateProductRequest.body.safeParse({ ...product, name }))).toEqual([]);
    }
  });

  it('let a description keep line feeds and tabs', () => {
    const description = 'Holds 1 l.\n\n\tCast iron.\nDishwasher safe.';

    const parsed = CreateProductRequest.body.safeParse({ ...product, description });

    expect(parsed.data?.description).toBe(description);
  });

  it.each([
    ['a carriage return', 'Holds 1 l.\r\nCast iron.'],
    ['a NUL', 'Holds 1 l.\u0000'],
    ['a right-to-left override', 'Holds \u202E1 l.'],
    ['a vertical tab', 'Holds\u000B1 l.'],
  ])('refuse a description holding %s, naming description', (_what, description) => {
    expect(refusedFields(CreateProductRequest.body.safeParse({ ...product, description }))).toEqual(['description']);
    expect(refusedFields(UpdateProductRequest.body.safeParse({ description }))).toEqual(['description']);
  });
});
