import { randomUUID } from 'node:crypto';
import { zodFieldErrors } from '../../../lib/validation.ts';
import { idempotencyKeyHeader, placeOrderBody } from './place-order.schema.ts';

const fieldsOf = (body: unknown) => {
  const result = placeOrderBody.safeParse(body);
  return result.success ? [] : zodFieldErrors(result.error, undefined).map(({ field }) => field);
};
const line = (quantity: unknown = 1, productId: string = randomUUID()) => ({ productId, quantity });

describe('the body of POST /orders', () => {
  it('takes 1 to 50 lines of distinct products, 1 to 1000 units each, ids in any case read in lower case', () => {
    const id = randomUUID();

    const parsed = placeOrderBody.parse({ items: [line(1000, id.toUpperCase()), line(1)] });

    expect(parsed.items[0]).toEqual({ productId: id, quantity: 1000 });
    expect(fieldsOf({ items: Array.from({ length: 50 }, () => line()) })).toEqual([]);
  });

  it.each([
    ['no items', { items: [] }, ['items']],
    ['no items field', {}, ['items']],
    ['more than 50 lines', { items: Array.from({ length: 51 }, () => line()) }, ['items']],
    ['a quantity of 0', { items: [line(0)] }, ['items.0.quantity']],
    ['a quantity over 1000', { items: [line(1001)] }, ['items.0.quantity']],
    ['a fractional quantity', { items: [line(), line(1.5)] }, ['items.1.quantity']],
    ['a quantity as a string', { items: [line('2')] }, ['items.0.quantity']],
    ['a product id that is no UUID', { items: [line(1, 'teapot')] }, ['items.0.productId']],
    ['an unknown field on the order', { items: [line()], coupon: 'FREE' }, ['coupon']],
    ['card details instead of a payment method id', { items: [line()], paymentMethod: '4242424242424242' }, ['paymentMethod']],
    ['an unknown field on a line', { items: [{ ...line(), priceCents: 1 }] }, ['items.0.priceCents']],
  ])('refuses %s, naming the field', (_what, body, fields) => {
    expect(fieldsOf(body)).toEqual(fields);
  });

  it('refuses the same product twice (in any letter case), naming the second line', () => {
    const id = randomUUID();

    expect(fieldsOf({ items: [line(1, id), line(2), line(3, id.toUpperCase())] })).toEqual(['items.2.productId']);
  });
});

describe('the Idempotency-Key header', () => {
  const fields = (headers: Record<string, unknown>) => {
    const result = idempotencyKeyHeader.safeParse(headers);
    return result.success ? [] : zodFieldErrors(result.error, 'headers').map(({ field }) => field);
  };

  it('takes a UUID or another key of 8 to 255 plain characters', () => {
    expect(fields({ 'idempotency-key': randomUUID() })).toEqual([]);
    expect(fields({ 'idempotency-key': 'order:2026-12-01.1' })).toEqual([]);
  });

  it.each([
    ['missing', {}],
    ['empty', { 'idempotency-key': '' }],
    ['too short', { 'idempotency-key': 'abc' }],
    ['too long', { 'idempotency-key': 'k'.repeat(256) }],
    ['with spaces or quotes', { 'idempotency-key': '"a key with spaces"' }],
  ])('refuses a key that is %s, naming headers.idempotency-key', (_what, headers) => {
    expect(fields(headers)).toEqual(['headers.idempotency-key']);
  });
});
