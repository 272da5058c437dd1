import type { Order } from '../../functions/orders/domain/order.ts';
import { CATCH_UP_MS, keptUp } from './saga.ts';

const endedAt = (ms: number): Pick<Order, 'history'> => ({
  history: [
    { state: 'PENDING', at: new Date(0).toISOString(), by: 'customer', reason: 'placed' },
    { state: 'CONFIRMED', at: new Date(ms).toISOString(), by: 'payments', reason: 'paid' },
  ],
});

describe('whether the saga kept up with a rate', () => {
  const lastPlaced = 60_000;

  it('holds when every order sent ended within the catch-up time of the last placement, by its history', () => {
    expect(keptUp(2, [endedAt(1_000), endedAt(lastPlaced + CATCH_UP_MS)], lastPlaced)).toBe(true);
  });

  it('fails when one order ended later than that, however soon the bench saw it', () => {
    expect(keptUp(2, [endedAt(1_000), endedAt(lastPlaced + CATCH_UP_MS + 1)], lastPlaced)).toBe(false);
  });

  it('fails when an order sent never ended or was never accepted', () => {
    expect(keptUp(3, [endedAt(1_000), endedAt(2_000)], lastPlaced)).toBe(false);
  });
});
