/**
 * What the services and the emulators hold after a chaos run, read for the invariants: every order
 * and every stock reservation in their tables (so that an order nobody knows of shows too), the run's
 * products and each customer's notifications through the API, the provider's ledger through Stripe's
 * own SDK, the mail in the local SES, and what every DLQ holds.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { storedOrderFromItem } from '../../functions/orders/adapters/orders-table.ts';
import { stripeClient } from '../../functions/payments/adapters/stripe-client.ts';
import { peek } from '../../lib/aws/sqs-dead-letters.ts';
import { deadLetterQueues, stageQueues } from '../dlq/queues.ts';
import type { Endpoints } from '../local/launch.ts';
import { ApiClient } from '../load/api-client.ts';
import type { LoadRecord } from '../load/crowd.ts';
import type { Evidence, OrderSeen } from './invariants.ts';

export type Sources = { stack: Endpoints; documents: DynamoDBDocumentClient; sqs: SQSClient };

/** Every order in the orders table. */
export async function ordersInTable({ stack, documents }: Sources): Promise<OrderSeen[]> {
  const items = await scan(documents, `shop-${stack.stage}-orders`, 'ORDER#');
  return items.map((item) => storedOrderFromItem(item).order as unknown as OrderSeen);
}

export async function gatherEvidence(sources: Sources, record: LoadRecord): Promise<Evidence> {
  const { stack, documents } = sources;
  const api = new ApiClient(stack.api, () => {});
  const products = await Promise.all(
    record.products.map(async ({ id }) => {
      const answer = await api.call<{ stock: number }>('GET /products/{id}', `/products/${id}`);
      if (answer.status !== 200) throw new Error(`GET /products/${id} answered ${answer.status}`);
      return { id, stock: answer.body.stock };
    }),
  );
  const reservations = (await scan(documents, `shop-${stack.stage}-catalog`, 'RESERVATION#')).map(({ orderId, status }) => ({ orderId: String(orderId), status: String(status) }));
  return {
    orders: await ordersInTable(sources),
    products,
    reservations,
    payments: await providerLedger(stack.paymentProvider),
    notifications: await notificationsOf(api, record),
    emails: await mailIn(stack.ses),
    deadLetters: await deadLetters(sources),
  };
}

async function scan(documents: DynamoDBDocumentClient, table: string, prefix: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, FilterExpression: 'begins_with(pk, :prefix)', ExpressionAttributeValues: { ':prefix': prefix }, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items;
}

/** Every PaymentIntent, what it took and what was refunded of it, as Stripe's API lists them. */
async function providerLedger(url: string): Promise<Evidence['payments']> {
  const stripe = stripeClient(url, 'sk_test_local');
  const refunded = new Map<string, number>();
  for await (const refund of stripe.refunds.list({ limit: 100 })) {
    const intent = typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? '');
    refunded.set(intent, (refunded.get(intent) ?? 0) + refund.amount);
  }
  const payments: Evidence['payments'] = [];
  for await (const intent of stripe.paymentIntents.list({ limit: 100 })) {
    payments.push({
      id: intent.id,
      ...(intent.metadata.orderId === undefined ? {} : { orderId: intent.metadata.orderId }),
      status: intent.status,
      receivedCents: intent.amount_received,
      refundedCents: refunded.get(intent.id) ?? 0,
    });
  }
  return payments;
}

type NotificationPage = { items?: Evidence['notifications']; nextCursor?: string };

async function notificationsOf(api: ApiClient, record: LoadRecord): Promise<Evidence['notifications']> {
  const all: Evidence['notifications'] = [];
  for (const customer of record.customers) {
    const logIn = await api.call<{ accessToken: string }>('POST /auth/login', '/auth/login', { body: { email: customer.email, password: customer.password } });
    if (logIn.status !== 200) throw new Error(`${customer.email} could not sign in to read their notifications: ${logIn.status}`);
    let cursor: string | undefined;
    do {
      const path = `/notifications?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await api.call<NotificationPage>('GET /notifications', path, { token: logIn.body.accessToken });
      if (page.status !== 200) throw new Error(`GET /notifications answered ${page.status} for ${customer.email}`);
      all.push(...(page.body.items ?? []).map(({ orderId, type, subject, sentAt }) => ({ orderId, type, subject, ...(sentAt === undefined ? {} : { sentAt }) })));
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
  }
  return all;
}

type StoredEmail = { destination: { to: string[] }; subject: string; body: { text?: string }; at?: number; headers?: Array<{ name: string; value: string }> };

async function mailIn(ses: string): Promise<Evidence['emails']> {
  const response = await fetch(`${ses}/store`);
  if (!response.ok) throw new Error(`The SES emulator answered ${response.status} at ${ses}/store.`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.flatMap(({ destination, subject, body, at, headers = [] }) => {
    const correlationId = headers.find(({ name }) => name.toLowerCase() === 'x-correlation-id')?.value;
    // aws-ses-v2-local notes when it took an email in seconds.
    const when = at === undefined ? {} : { at: at * 1000 };
    return destination.to.map((to) => ({ to, subject, text: body.text ?? '', ...when, ...(correlationId === undefined ? {} : { correlationId }) }));
  });
}

async function deadLetters({ stack, sqs }: Sources): Promise<Evidence['deadLetters']> {
  const held: Evidence['deadLetters'] = [];
  for (const dlq of deadLetterQueues(await stageQueues(sqs, `shop-${stack.stage}-`))) {
    const { messages } = await peek(sqs, dlq.url, 1000);
    held.push(...messages.map(({ Body = '' }) => ({ queue: dlq.name, body: Body })));
  }
  return held;
}
