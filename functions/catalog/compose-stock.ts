import { sqsClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { SqsMessagePublisher } from '../../lib/messaging/sqs-publisher.ts';
import { DynamoDbStockLedger } from './adapters/dynamodb-stock-ledger.ts';
import { SqsStockReplies } from './adapters/sqs-stock-replies.ts';
import { clock, config, documents, dynamo } from './compose.ts';

/** The catalog's queue side, built once per container: the stock ledger, the replies, and readiness. */
const sqs = sqsClient();

export const stockLedger = new DynamoDbStockLedger(documents, config.CATALOG_TABLE);
export const stockReplies = new SqsStockReplies(new SqsMessagePublisher(sqs), clock);
export const readinessProbes = [
  tableProbe(dynamo, config.CATALOG_TABLE),
  queueProbe(sqs, config.STOCK_COMMANDS_QUEUE),
  queueProbe(sqs, config.STOCK_COMMANDS_DLQ),
];
