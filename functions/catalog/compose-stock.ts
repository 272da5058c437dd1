import { SqsMessagePublisher } from '../../lib/messaging/sqs-publisher.ts';
import { once } from '../../lib/once.ts';
import { DynamoDbStockLedger } from './adapters/dynamodb-stock-ledger.ts';
import { SqsStockReplies } from './adapters/sqs-stock-replies.ts';
import { clock, config, documents, sqs } from './compose.ts';

/** The stock consumer's parts (see compose.ts for why they are apart). */
export const stockLedger = /* @__PURE__ */ once(() => new DynamoDbStockLedger(documents(), config().CATALOG_TABLE));
export const stockReplies = /* @__PURE__ */ once(() => new SqsStockReplies(new SqsMessagePublisher(sqs()), clock));
