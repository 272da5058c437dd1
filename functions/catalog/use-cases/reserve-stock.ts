import { reserveAnswer, type StockAnswer, type StockLine } from '../domain/reservation.ts';
import type { Clock, StockLedger, StockReplies } from '../ports.ts';

export type StockDeps = { ledger: StockLedger; replies: StockReplies; clock: Clock };
/** `items` name each product once (the ReserveStock contract checks it). */
export type ReserveStockCommand = { orderId: string; items: readonly StockLine[]; replyTo: string };

/**
 * Holds every item of the order or none, once per order: a repeated command finds the decision that
 * stands and sends the same answer again (which also covers a crash between the write and the reply).
 * The first delivery goes straight to the transaction, whose own condition tells a repeat apart.
 */
export async function reserveStock(deps: StockDeps, { orderId, items, replyTo }: ReserveStockCommand): Promise<void> {
  const reply = deps.replies.to(replyTo);
  await reply.send(await decide(deps, orderId, items));
}

async function decide({ ledger, clock }: StockDeps, orderId: string, lines: readonly StockLine[]): Promise<StockAnswer> {
  const now = clock.now();
  const attempt = await ledger.reserve(orderId, lines, now);
  switch (attempt.outcome) {
    case 'RESERVED':
      return reserveAnswer({ orderId, status: 'RESERVED', lines });
    case 'SHORT': {
      // The transaction checks stock before the order's record, so a repeat of a rejected order lands
      // here too; recording keeps the first decision and answers with it.
      const { reason, productId } = attempt;
      return reserveAnswer(await ledger.record({ orderId, status: 'REJECTED', reason, productId }, now));
    }
    case 'ALREADY_DECIDED': {
      const decided = await ledger.find(orderId);
      if (decided === undefined) throw new Error(`The decision for order ${orderId} vanished.`);
      return reserveAnswer(decided);
    }
  }
}
