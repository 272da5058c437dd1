import { StockCommand } from '../../../lib/contracts/stock.ts';
import { queueHandler } from '../../../lib/queue/queue-handler.ts';
import { clock } from '../compose.ts';
import { stockLedger, stockReplies } from '../compose-stock.ts';
import { releaseStock } from '../use-cases/release-stock.ts';
import { reserveStock } from '../use-cases/reserve-stock.ts';

const deps = { ledger: stockLedger, replies: stockReplies, clock };

export const handler = queueHandler(StockCommand, (command) =>
  command.type === 'ReserveStock' ? reserveStock(deps, command.data) : releaseStock(deps, command.data),
);
