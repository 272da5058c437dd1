import type { Message } from '@aws-sdk/client-sqs';
import { ChargePaymentV1, PaymentReply, RefundPaymentV1 } from '../../lib/contracts/payments.ts';
import { newMessage } from '../../lib/messaging/envelope.ts';
import type { ChargeSeen, ProviderControl } from '../../scripts/local/payment-provider.ts';
import { resourceName, send } from './aws.ts';

export const paymentCommandsQueue = () => resourceName('payments-commands');
export const paymentCommandsDlq = () => resourceName('payments-commands-dlq');

/** A ChargePayment as the orders saga will build it: checked against its contract. */
export const chargeCommand = (data: { orderId: string; customerId: string; amountCents: number; currency: string; replyTo: string }) =>
  ChargePaymentV1.parse(newMessage('ChargePayment', 1, data, new Date()));

export const refundCommand = (data: { orderId: string; replyTo: string }) => RefundPaymentV1.parse(newMessage('RefundPayment', 1, data, new Date()));

export const sendPaymentCommand = (command: { type: string; correlationId: string }) =>
  send(paymentCommandsQueue(), command, { correlationId: command.correlationId, type: command.type });

export const paymentReplyOf = (message: Message) => PaymentReply.parse(JSON.parse(String(message.Body)));

/** The local provider the test stack started (global-setup exports its URL). */
const providerUrl = () => {
  const url = process.env.SHOP_PAYMENT_PROVIDER_URL;
  if (url === undefined) throw new Error('SHOP_PAYMENT_PROVIDER_URL is not set: run under the integration project.');
  return url;
};

/** Sets the provider's faults; whatever is left out goes back to its default (no faults). */
export async function setProviderFaults(settings: Partial<ProviderControl>): Promise<void> {
  const response = await fetch(`${providerUrl()}/control`, { method: 'PUT', body: JSON.stringify(settings) });
  if (!response.ok) throw new Error(`The provider refused its control settings: ${await response.text()}`);
}

/** The charges the provider took for the order (it deduplicates by order id, so 0 or 1; `requests` says how often it was asked). */
export async function chargesFor(orderId: string): Promise<ChargeSeen[]> {
  const { charges } = (await (await fetch(`${providerUrl()}/charges`)).json()) as { charges: ChargeSeen[] };
  return charges.filter(({ idempotencyKey }) => idempotencyKey === orderId);
}
