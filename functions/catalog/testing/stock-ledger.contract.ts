import { randomUUID } from 'node:crypto';
import { TransientError } from '../../../lib/errors.ts';
import { newProduct, type Product } from '../domain/product.ts';
import type { ReservedReservation } from '../domain/reservation.ts';
import type { ProductRepository, StockLedger } from '../ports.ts';

const now = new Date('2026-11-22T12:00:00.000Z');

/** A call retried as a queue redelivers a record that lost a race (TransientError), until it is decided. */
async function untilDecided<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
    }
  }
}

/**
 * What every StockLedger promises (ports.ts), run against the in-memory fake and the DynamoDB adapter
 * alike. The ledger moves the stock of products its repository stores, so `subject` gives both.
 */
export function describeStockLedgerContract(
  name: string,
  subject: () => { products: ProductRepository; ledger: StockLedger },
): void {
  describe(`${name} keeps the StockLedger contract`, () => {
    let products: ProductRepository;
    let ledger: StockLedger;
    beforeAll(() => {
      ({ products, ledger } = subject());
    });

    async function aProduct(stock: number): Promise<Product> {
      const draft = { name: 'Mug', description: '', priceCents: 900, currency: 'EUR', category: `ledger-${randomUUID().slice(0, 8)}`, stock };
      const product = newProduct(draft, randomUUID(), now);
      await products.add(product);
      return product;
    }

    async function aReservation(productId: string, quantity: number): Promise<ReservedReservation> {
      const orderId = randomUUID();
      await ledger.reserve(orderId, [{ productId, quantity }], now);
      const reservation = await ledger.find(orderId);
      if (reservation?.status !== 'RESERVED') throw new Error('expected a reservation');
      return reservation;
    }

    const stockOf = async (id: string) => (await products.find(id))?.stock;

    it('takes every line out of stock and keeps the reservation, each product one version on', async () => {
      const teapot = await aProduct(5);
      const kettle = await aProduct(2);
      const orderId = randomUUID();
      const lines = [{ productId: teapot.id, quantity: 3 }, { productId: kettle.id, quantity: 2 }];

      const attempt = await ledger.reserve(orderId, lines, now);

      expect(attempt).toEqual({ outcome: 'RESERVED' });
      expect(await ledger.find(orderId)).toEqual({ orderId, status: 'RESERVED', lines });
      expect(await products.find(teapot.id)).toMatchObject({ stock: 2, version: 2 });
      expect(await products.find(kettle.id)).toMatchObject({ stock: 0, version: 2 });
    });

    it('takes all lines or none, and tells a missing product from a short one', async () => {
      const plenty = await aProduct(10);
      const scarce = await aProduct(1);
      const missing = randomUUID();
      const shortOrder = randomUUID();

      const short = await ledger.reserve(shortOrder, [{ productId: plenty.id, quantity: 2 }, { productId: scarce.id, quantity: 2 }], now);
      const unknown = await ledger.reserve(randomUUID(), [{ productId: missing, quantity: 1 }], now);

      expect(short).toEqual({ outcome: 'SHORT', reason: 'INSUFFICIENT_STOCK', productId: scarce.id });
      expect(unknown).toEqual({ outcome: 'SHORT', reason: 'UNKNOWN_PRODUCT', productId: missing });
      expect([await stockOf(plenty.id), await stockOf(scarce.id)]).toEqual([10, 1]);
      expect(await ledger.find(shortOrder)).toBeUndefined();
    });

    it('reports a second reservation for the same order as already decided, and holds nothing more', async () => {
      const product = await aProduct(5);
      const orderId = randomUUID();

      const first = await ledger.reserve(orderId, [{ productId: product.id, quantity: 1 }], now);
      const second = await ledger.reserve(orderId, [{ productId: product.id, quantity: 1 }], now);

      expect([first.outcome, second.outcome]).toEqual(['RESERVED', 'ALREADY_DECIDED']);
      expect(await stockOf(product.id)).toBe(4);
    });

    it('lets exactly as many concurrent orders win as there are units', async () => {
      const product = await aProduct(3);

      const attempts = await Promise.all(
        Array.from({ length: 8 }, () => untilDecided(() => ledger.reserve(randomUUID(), [{ productId: product.id, quantity: 1 }], now))),
      );

      expect(attempts.filter((attempt) => attempt.outcome === 'RESERVED')).toHaveLength(3);
      expect(attempts.filter((attempt) => attempt.outcome === 'SHORT')).toHaveLength(5);
      expect(await stockOf(product.id)).toBe(0);
    });

    it('gives the stock back once and marks the reservation released, even when two releases race', async () => {
      const product = await aProduct(5);
      const reservation = await aReservation(product.id, 3);

      await Promise.all([0, 1].map(() => untilDecided(() => ledger.release(reservation, now))));
      await ledger.release(reservation, now);

      expect(await stockOf(product.id)).toBe(5);
      expect(await ledger.find(reservation.orderId)).toEqual({ ...reservation, status: 'RELEASED' });
    });

    it('treats a deleted product as unknown to new orders but still takes stock back from old ones', async () => {
      const product = await aProduct(5);
      const reserved = await aReservation(product.id, 2);
      await products.remove(product.id, 'any', now);

      const late = await ledger.reserve(randomUUID(), [{ productId: product.id, quantity: 1 }], now);
      await ledger.release(reserved, now);

      expect(late).toEqual({ outcome: 'SHORT', reason: 'UNKNOWN_PRODUCT', productId: product.id });
      expect(await ledger.find(reserved.orderId)).toMatchObject({ status: 'RELEASED' });
    });

    it('keeps the first decision recorded for an order, and a reservation cannot replace it', async () => {
      const product = await aProduct(5);
      const orderId = randomUUID();

      const first = await ledger.record({ orderId, status: 'RELEASED', lines: [] }, now);
      const second = await ledger.record({ orderId, status: 'REJECTED', reason: 'INSUFFICIENT_STOCK', productId: randomUUID() }, now);
      const reserve = await ledger.reserve(orderId, [{ productId: product.id, quantity: 1 }], now);

      expect(first).toEqual({ orderId, status: 'RELEASED', lines: [] });
      expect(second).toEqual(first);
      expect(reserve).toEqual({ outcome: 'ALREADY_DECIDED' });
      expect(await ledger.find(orderId)).toEqual(first);
      expect(await stockOf(product.id)).toBe(5);
    });

    it('keeps a rejection as recorded, with or without the product it names', async () => {
      const named = randomUUID();
      const withProduct = { orderId: randomUUID(), status: 'REJECTED', reason: 'UNKNOWN_PRODUCT', productId: named } as const;
      const without = { orderId: randomUUID(), status: 'REJECTED', reason: 'ORDER_RELEASED' } as const;

      await ledger.record(withProduct, now);
      await ledger.record(without, now);

      expect(await ledger.find(withProduct.orderId)).toEqual(withProduct);
      expect(await ledger.find(without.orderId)).toEqual(without);
    });
  });
}
