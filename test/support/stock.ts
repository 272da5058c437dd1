import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { ReleaseStockV1, ReserveStockV1, StockReply } from '../../lib/contracts/stock.ts';
import { newMessage } from '../../lib/contracts/envelope.ts';
import { withCorrelationId } from '../../lib/correlation.ts';
import { resourceName } from './aws.ts';

export const stockCommandsQueue = () => resourceName('catalog-stock-commands');
export const stockCommandsDlq = () => resourceName('catalog-stock-commands-dlq');

type Line = { productId: string; quantity: number };

/** A ReserveStock command as a producer (the orders saga) will build it: checked against its contract. */
export const reserveCommand = (orderId: string, items: Line[], replyTo: string, correlationId: string = randomUUID()) =>
  withCorrelationId(correlationId, () =>
    ReserveStockV1.parse(newMessage('ReserveStock', 1, { orderId, items, replyTo }, new Date())),
  );

export const releaseCommand = (orderId: string, replyTo: string, correlationId: string = randomUUID()) =>
  withCorrelationId(correlationId, () => ReleaseStockV1.parse(newMessage('ReleaseStock', 1, { orderId, replyTo }, new Date())));

/** A reply as the consumer of the reply queue reads it: parsed with the same contract. */
export const replyOf = (message: Message) => StockReply.parse(JSON.parse(String(message.Body)));

/** A command as a careless producer might write it: every id in upper case (the queue name as it is). */
export function shoutedCommand(command: ReturnType<typeof reserveCommand> | ReturnType<typeof releaseCommand>): Record<string, unknown> {
  const { data } = command;
  const items = 'items' in data ? { items: data.items.map((line) => ({ ...line, productId: line.productId.toUpperCase() })) } : {};
  return { ...command, messageId: command.messageId.toUpperCase(), data: { ...data, orderId: data.orderId.toUpperCase(), ...items } };
}
