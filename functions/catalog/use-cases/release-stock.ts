import { releaseAnswer, type StockLine } from '../domain/reservation.ts';
import type { StockDeps } from './reserve-stock.ts';

export type ReleaseStockCommand = { orderId: string; replyTo: string };

/**
 * Gives back exactly what the order holds, once. A release that comes before its reservation is
 * recorded, so that the late reservation is refused instead of holding stock for a dead order.
 */
export async function releaseStock(deps: StockDeps, { orderId, replyTo }: ReleaseStockCommand): Promise<void> {
  const reply = deps.replies.to(replyTo);
  await reply.send(releaseAnswer(orderId, await giveBack(deps, orderId)));
}

async function giveBack({ ledger, clock }: StockDeps, orderId: string): Promise<readonly StockLine[]> {
  const standing =
    (await ledger.find(orderId)) ?? (await ledger.record({ orderId, status: 'RELEASED', lines: [] }, clock.now()));
  switch (standing.status) {
    case 'RESERVED':
      await ledger.release(standing, clock.now());
      return standing.lines;
    case 'RELEASED':
      return standing.lines;
    case 'REJECTED':
      return [];
  }
}
