import { randomUUID } from 'node:crypto';
import type { Emulator } from './emulators.ts';
import { startPaymentProvider, type ChargeSeen } from './payment-provider.ts';

let provider: Emulator;

beforeEach(async () => {
  provider = await startPaymentProvider({ port: 0 });
});
afterEach(async () => {
  await provider.stop();
});

const post = (path: string, key: string | undefined, body: unknown) =>
  fetch(`${provider.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) }, body: JSON.stringify(body) });
const control = (settings: object) => fetch(`${provider.url}/control`, { method: 'PUT', body: JSON.stringify(settings) });
const charges = async () => ((await (await fetch(`${provider.url}/charges`)).json()) as { charges: ChargeSeen[] }).charges;
const aCharge = { customerId: 'c-1', amountCents: 1000, currency: 'EUR' };

describe('the local payment provider', () => {
  it('charges once per idempotency key: the same key and body get the same answer', async () => {
    const key = randomUUID();

    const first = await post('/charges', key, aCharge);
    const again = await post('/charges', key, aCharge);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(await charges()).toEqual([expect.objectContaining({ idempotencyKey: key, amountCents: 1000, requests: 2 })]);
  });

  it('records the X-Correlation-Id of the request that took a charge, and none when it came without one', async () => {
    const [correlated, plain] = [randomUUID(), randomUUID()];

    await fetch(`${provider.url}/charges`, { method: 'POST', headers: { 'idempotency-key': correlated, 'x-correlation-id': 'corr-7' }, body: JSON.stringify(aCharge) });
    await post('/charges', plain, aCharge);

    const seen = await charges();
    expect(seen.find(({ idempotencyKey }) => idempotencyKey === correlated)?.correlationId).toBe('corr-7');
    expect(seen.find(({ idempotencyKey }) => idempotencyKey === plain)).not.toHaveProperty('correlationId');
  });

  it('refuses the same key with another body with a 409, charging nothing more', async () => {
    const key = randomUUID();
    await post('/charges', key, aCharge);

    const other = await post('/charges', key, { ...aCharge, amountCents: 2000 });

    expect(other.status).toBe(409);
    expect(await charges()).toHaveLength(1);
  });

  it('declines a test card (a customer) and an amount set in the control API with a 402', async () => {
    await control({ declineCustomers: ['c-broke'], declineAmountsCents: [666] });

    expect((await post('/charges', randomUUID(), { ...aCharge, customerId: 'c-broke' })).status).toBe(402);
    const byAmount = await post('/charges', randomUUID(), { ...aCharge, amountCents: 666 });
    expect(await byAmount.json()).toEqual({ status: 'DECLINED', reason: 'CARD_DECLINED' });
    expect(await charges()).toEqual([]);
  });

  it('answers 503 to everything during an outage, and charges again once it ends', async () => {
    await control({ outage: true });
    expect((await post('/charges', randomUUID(), aCharge)).status).toBe(503);

    await control({});
    expect((await post('/charges', randomUUID(), aCharge)).status).toBe(201);
  });

  it('fails every request at an error rate of 1 with a 500', async () => {
    await control({ errorRate: 1 });

    expect((await post('/charges', randomUUID(), aCharge)).status).toBe(500);
  });

  it('adds the latency set', async () => {
    await control({ latencyMs: 300 });

    const started = Date.now();
    await post('/charges', randomUUID(), aCharge);

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('refunds a charge it took, and 404s one it never took', async () => {
    const key = randomUUID();
    const { paymentId } = (await (await post('/charges', key, aCharge)).json()) as { paymentId: string };

    expect((await post('/refunds', key, { paymentId, amountCents: 1000 })).status).toBe(201);
    expect((await post('/refunds', key, { paymentId, amountCents: 1000 })).status).toBe(201);
    expect((await post('/refunds', randomUUID(), { paymentId: 'pay_nope', amountCents: 1 })).status).toBe(404);
  });

  it('says which field is wrong: a charge without a key, control settings it does not know', async () => {
    const noKey = await post('/charges', undefined, aCharge);
    const unknown = await control({ outages: true });

    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as { message: string }).message).toContain('Idempotency-Key');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('outages');
  });
});
