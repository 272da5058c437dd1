import type { Message } from '@aws-sdk/client-sqs';
import { stripeClient } from '../../functions/payments/adapters/stripe-client.ts';
import { ChargePaymentV2, PaymentReply, RefundPaymentV1 } from '../../lib/contracts/payments.ts';
import { newMessage } from '../../lib/contracts/envelope.ts';
import type { ProviderControl } from '../../scripts/local/payment-provider.ts';
import { resourceName, send } from './aws.ts';

export const paymentCommandsQueue = () => resourceName('payments-commands');
export const paymentCommandsDlq = () => resourceName('payments-commands-dlq');

type ChargeData = { orderId: string; customerId: string; amountCents: number; currency: string; replyTo: string; deadline?: string; paymentMethod?: string };

/** A ChargePayment as the orders saga builds it (v2, its deadline two minutes on unless given): checked against its contract. */
export const chargeCommand = ({ deadline = new Date(Date.now() + 120_000).toISOString(), ...data }: ChargeData) =>
  ChargePaymentV2.parse(newMessage('ChargePayment', 2, { ...data, deadline }, new Date()));

export const refundCommand = (data: { orderId: string; replyTo: string }) => RefundPaymentV1.parse(newMessage('RefundPayment', 1, data, new Date()));

export const sendPaymentCommand = (command: { type: string; correlationId: string }) =>
  send(paymentCommandsQueue(), command, { correlationId: command.correlationId, type: command.type });

export const paymentReplyOf = (message: Message) => PaymentReply.parse(JSON.parse(String(message.Body)));

/** The local provider the test stack started (global-setup exports its URL). */
export const providerUrl = () => {
  const url = process.env.SHOP_PAYMENT_PROVIDER_URL;
  if (url === undefined) throw new Error('SHOP_PAYMENT_PROVIDER_URL is not set: run under the integration project.');
  return url;
};

/** The provider through Stripe's own SDK, as the payments service reaches it. */
export const stripe = () => stripeClient(providerUrl(), 'sk_test_local');

/** Sets the provider's faults; whatever is left out goes back to its default (no faults). */
export async function setProviderFaults(settings: Partial<ProviderControl>): Promise<void> {
  const response = await fetch(`${providerUrl()}/control`, { method: 'PUT', body: JSON.stringify(settings) });
  if (!response.ok) throw new Error(`The provider refused its control settings: ${await response.text()}`);
}

/** A charge the provider took: a PaymentIntent that succeeded, with the X-Correlation-Id of the request that confirmed it. */
export type ChargeSeen = { paymentId: string; amountCents: number; currency: string; customerId: string; refundedCents: number; correlationId?: string };

/** What the provider took for the order (0 or 1 charge: one PaymentIntent per order), from Stripe's API: the intents, their refunds. */
export async function chargesFor(orderId: string): Promise<ChargeSeen[]> {
  const client = stripe();
  const { data: intents } = await client.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'` });
  const charges: ChargeSeen[] = [];
  for (const intent of intents.filter(({ status }) => status === 'succeeded')) {
    const { data: refunds } = await client.refunds.list({ payment_intent: intent.id, limit: 100 });
    const correlationId = (await requestsFor(intent.id)).find(({ path, status }) => path.endsWith('/confirm') && status === 200)?.correlationId;
    charges.push({
      paymentId: intent.id,
      amountCents: intent.amount_received,
      currency: intent.currency.toUpperCase(),
      customerId: intent.metadata.customerId ?? '',
      refundedCents: refunds.reduce((sum, { amount }) => sum + amount, 0),
      ...(correlationId === undefined ? {} : { correlationId }),
    });
  }
  return charges;
}

/** What the provider holds for the order: what it took, less what it gave back. */
export async function heldFor(orderId: string): Promise<number> {
  return (await chargesFor(orderId)).reduce((sum, { amountCents, refundedCents }) => sum + amountCents - refundedCents, 0);
}

/** The provider's log of the POSTs that touched a PaymentIntent. */
async function requestsFor(paymentIntent: string): Promise<Array<{ path: string; status: number; correlationId?: string }>> {
  const response = await fetch(`${providerUrl()}/requests?payment_intent=${encodeURIComponent(paymentIntent)}`);
  return ((await response.json()) as { requests: Array<{ path: string; status: number; correlationId?: string }> }).requests;
}
