import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripeClient } from '../../functions/payments/adapters/stripe-client.ts';
import type { Emulator } from './emulators.ts';
import { parseForm, startPaymentProvider, type PaymentIntent } from './payment-provider.ts';

let provider: Emulator;
let journalDir: string;

beforeEach(async () => {
  journalDir = mkdtempSync(join(tmpdir(), 'provider-'));
  provider = await startPaymentProvider({ port: 0, journal: join(journalDir, 'ledger.jsonl') });
});
afterEach(async () => {
  await provider.stop();
  rmSync(journalDir, { recursive: true, force: true });
});

/** A POST as Stripe's SDK sends one: form-encoded, a bearer test key, an optional Idempotency-Key. */
const post = async (path: string, form: Record<string, string>, key?: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${provider.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded', ...(key === undefined ? {} : { 'idempotency-key': key }), ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as PaymentIntent & { error?: { type: string; code?: string; message: string } } };
};
const control = (settings: object) => fetch(`${provider.url}/control`, { method: 'PUT', body: JSON.stringify(settings) });
const anIntent = (orderId: string = randomUUID()) => ({ amount: '1000', currency: 'eur', 'metadata[orderId]': orderId, 'metadata[customerId]': 'c-1' });

async function opened(orderId: string = randomUUID()): Promise<PaymentIntent> {
  return (await post('/v1/payment_intents', anIntent(orderId), orderId)).body;
}

describe('the local payment provider, a subset of Stripe\'s API', () => {
  it('opens a PaymentIntent once per idempotency key: a repeat gets the first answer, marked replayed', async () => {
    const key = randomUUID();

    const first = await post('/v1/payment_intents', anIntent(key), key);
    const again = await post('/v1/payment_intents', anIntent(key), key);

    expect(first.body).toMatchObject({ object: 'payment_intent', amount: 1000, currency: 'eur', status: 'requires_payment_method', metadata: { orderId: key } });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses an idempotency key used with other parameters or on another path, doing nothing', async () => {
    const key = randomUUID();
    const intent = (await post('/v1/payment_intents', anIntent(key), key)).body;

    const otherAmount = await post('/v1/payment_intents', { ...anIntent(key), amount: '2000' }, key);
    const otherPath = await post(`/v1/payment_intents/${intent.id}/cancel`, {}, key);

    expect([otherAmount.status, otherPath.status]).toEqual([400, 400]);
    expect(otherAmount.body.error).toMatchObject({ type: 'idempotency_error' });
    expect((await post(`/v1/payment_intents/${intent.id}/cancel`, {})).body.status).toBe('canceled');
  });

  it('answers 409 to a repeat that comes while the first request under its key still runs', async () => {
    await control({ latencyMs: 400 });
    const key = randomUUID();

    const [first, second] = await Promise.all([post('/v1/payment_intents', anIntent(key), key), post('/v1/payment_intents', anIntent(key), key)]);

    expect([first.status, second.status].sort()).toEqual([200, 409]);
  });

  it('takes the money on confirm, and refuses to confirm or cancel it again with payment_intent_unexpected_state', async () => {
    const intent = await opened();

    const confirmed = await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' });
    const cancel = await post(`/v1/payment_intents/${intent.id}/cancel`, {});

    expect(confirmed.body).toMatchObject({ status: 'succeeded', amount_received: 1000 });
    expect(cancel.status).toBe(400);
    expect(cancel.body.error).toMatchObject({ code: 'payment_intent_unexpected_state', payment_intent: { status: 'succeeded' } });
  });

  it('declines the test payment methods Stripe declines, and the customers and amounts set in /control, with a 402 card_error', async () => {
    await control({ declineCustomers: ['c-broke'], declineAmountsCents: [666] });
    const byMethod = await opened();
    const byCustomer = (await post('/v1/payment_intents', { ...anIntent(), 'metadata[customerId]': 'c-broke' })).body;
    const byAmount = (await post('/v1/payment_intents', { ...anIntent(), amount: '666' })).body;

    const answers = await Promise.all([
      post(`/v1/payment_intents/${byMethod.id}/confirm`, { payment_method: 'pm_card_chargeDeclined' }),
      post(`/v1/payment_intents/${byCustomer.id}/confirm`, { payment_method: 'pm_card_visa' }),
      post(`/v1/payment_intents/${byAmount.id}/confirm`, { payment_method: 'pm_card_visa' }),
    ]);

    expect(answers.map(({ status }) => status)).toEqual([402, 402, 402]);
    expect(answers[0]?.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', payment_intent: { status: 'requires_payment_method' } });
  });

  it('creates and confirms in one call when asked to, as Stripe does', async () => {
    const made = await post('/v1/payment_intents', { ...anIntent(), payment_method: 'pm_card_visa', confirm: 'true' });

    expect(made.body).toMatchObject({ status: 'succeeded', amount_received: 1000 });
  });

  it('never takes a cancelled PaymentIntent', async () => {
    const intent = await opened();

    await post(`/v1/payment_intents/${intent.id}/cancel`, {});
    const confirm = await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' });

    expect(confirm.status).toBe(400);
    expect(confirm.body.error).toMatchObject({ code: 'payment_intent_unexpected_state', payment_intent: { status: 'canceled', amount_received: 0 } });
  });

  it('refunds what it took, and no more', async () => {
    const intent = await opened();
    await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' });

    const refund = await post('/v1/refunds', { payment_intent: intent.id, amount: '600' });
    const tooMuch = await post('/v1/refunds', { payment_intent: intent.id, amount: '600' });

    expect(refund.body).toMatchObject({ object: 'refund', amount: 600, payment_intent: intent.id, status: 'succeeded' });
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_too_large' });
  });

  it('acts on a POST and then drops its answer at a lost-answer rate of 1; the key\'s repeat tells what was done', async () => {
    const intent = await opened();
    await control({ lostAnswerRate: 1 });

    await expect(post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' }, 'k-lost')).rejects.toThrow();
    await control({});

    expect((await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' }, 'k-lost')).body.status).toBe('succeeded');
  });

  it('applies its faults only to the operations named, when it is told which', async () => {
    await control({ outage: true, operations: ['confirm'] });

    const intent = await opened();
    const confirm = await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' });

    expect(intent.status).toBe('requires_payment_method');
    expect(confirm.status).toBe(503);
  });

  it('answers 503 during an outage and 500 at an error rate of 1, before doing anything', async () => {
    const orderId = randomUUID();
    await control({ outage: true });
    expect((await post('/v1/payment_intents', anIntent(orderId), orderId)).status).toBe(503);
    await control({ errorRate: 1 });
    expect((await post('/v1/payment_intents', anIntent(orderId), orderId)).status).toBe(500);
    await control({});

    const { data } = await stripeClient(provider.url, 'sk_test_x').paymentIntents.search({ query: `metadata['orderId']:'${orderId}'` });
    expect(data).toEqual([]);
  });

  it('keeps its ledger across a restart: intents, refunds and idempotent answers', async () => {
    const intent = await opened('order-kept');
    await post(`/v1/payment_intents/${intent.id}/confirm`, { payment_method: 'pm_card_visa' }, 'confirm-kept');
    await post('/v1/refunds', { payment_intent: intent.id }, 'refund-kept');
    await provider.stop();

    provider = await startPaymentProvider({ port: 0, journal: join(journalDir, 'ledger.jsonl') });
    const stripe = stripeClient(provider.url, 'sk_test_x');

    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded', amount_received: 1000 });
    expect((await stripe.refunds.list({ payment_intent: intent.id })).data).toEqual([expect.objectContaining({ amount: 1000 })]);
    const replay = await post('/v1/refunds', { payment_intent: intent.id }, 'refund-kept');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('speaks to Stripe\'s own SDK: search by metadata, retrieve, list', async () => {
    const stripe = stripeClient(provider.url, 'sk_test_x');
    const orderId = randomUUID();

    const created = await stripe.paymentIntents.create({ amount: 2500, currency: 'eur', metadata: { orderId } }, { idempotencyKey: orderId });
    const found = await stripe.paymentIntents.search({ query: `metadata['orderId']:'${orderId}'` });

    expect(found.data.map(({ id }) => id)).toEqual([created.id]);
    expect((await stripe.paymentIntents.retrieve(created.id)).amount).toBe(2500);
    expect((await stripe.paymentIntents.list({ limit: 1 })).data[0]?.id).toBe(created.id);
  });

  it('refuses a request without a test key, an unknown parameter, and control settings it does not know', async () => {
    const noKey = await fetch(`${provider.url}/v1/payment_intents`, { method: 'POST', body: 'amount=1&currency=eur' });
    const unknownParam = await post('/v1/payment_intents', { ...anIntent(), colour: 'red' });
    const unknownSetting = await control({ outages: true });

    expect(noKey.status).toBe(401);
    expect(unknownParam.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    expect(unknownSetting.status).toBe(400);
    expect(await unknownSetting.text()).toContain('outages');
  });
});

describe('Stripe\'s form encoding', () => {
  it('reads nested objects and lists as the SDK writes them', () => {
    expect(parseForm('amount=5&metadata[orderId]=o-1&automatic_payment_methods[enabled]=true&list[0]=a&list[1]=b')).toEqual({
      amount: '5',
      metadata: { orderId: 'o-1' },
      automatic_payment_methods: { enabled: 'true' },
      list: ['a', 'b'],
    });
  });
});
