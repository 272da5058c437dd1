import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { OrderEvent } from '../../lib/contracts/order-events.ts';
import { PaymentCommand } from '../../lib/contracts/payments.ts';
import { ReserveStockV1, StockReservedV1 } from '../../lib/contracts/stock.ts';
import type * as z from '../../lib/zod.ts';
import { scenarios } from './events.ts';
import type { FunctionSpec } from './functions.ts';
import type { Caller, Seed, SignedIn } from './seed.ts';

const signedIn = (role: string): SignedIn => {
  const caller: Caller = { userId: randomUUID(), role, sessionId: randomUUID(), email: `${role}@example.com` };
  return { email: caller.email, caller, accessToken: 'a', refreshToken: 'r' };
};
const seed: Seed = {
  password: 'p',
  customer: signedIn('customer'),
  admin: signedIn('admin'),
  productId: randomUUID(),
  toUpdate: [],
  toDelete: [],
  refreshTokens: [],
  sessions: [],
  replyQueue: 'shop-bench-bench-replies',
  orderId: randomUUID(),
  toCancel: [randomUUID()],
  buyers: [],
};
const fn = (key: string): FunctionSpec => ({ key, name: `shop-bench-${key}`, exportName: 'handler', environment: {}, memory: 1024, zipBytes: 0, bundleFile: '', clients: [] });
const events = scenarios(seed, 'eu-west-1');

/** The functions every stack declares: the top-level keys of each functions/<service>/functions.yml. */
function declaredFunctions(): string[] {
  const root = join(import.meta.dirname, '../../functions');
  const files = readdirSync(root).map((service) => join(root, service, 'functions.yml')).filter((file) => existsSync(file));
  return files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^(\w+):/gm)].map(([, key]) => key ?? ''));
}

it('has an event for every function a stack declares, so none is left out of the bench', () => {
  const declared = declaredFunctions();

  expect(declared.length).toBeGreaterThan(30);
  expect(declared.filter((key) => events[key] === undefined)).toEqual([]);
});

describe('the queue scenarios', () => {
  it.each([
    ['stockCommands', ReserveStockV1],
    ['orderReplies', StockReservedV1],
    ['paymentCommands', PaymentCommand],
    ['orderEvents', OrderEvent],
  ] as const)('give %s one record holding a valid message of its contract', (key, contract: z.ZodMiniType) => {
    const event = events[key]?.event(fn(key), 0) as SQSEvent;

    expect(event.Records).toHaveLength(1);
    const parsed = contract.safeParse(JSON.parse(event.Records[0]?.body ?? ''));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('counts a queue consumer answered only when it hands no record back', () => {
    const scenario = events.orderEvents;

    expect(scenario?.check({ batchItemFailures: [] })).toBeUndefined();
    expect(scenario?.check({ batchItemFailures: [{ itemIdentifier: '1' }] })).toMatch(/batch failures/);
    expect(scenario?.check(undefined)).toMatch(/batch failures/);
  });
});

describe('the order scenarios', () => {
  it('cancel a seeded order of the customer per run, and read the seeded one', () => {
    const cancel = events.cancelOrder?.event({ ...fn('cancelOrder'), route: { routeKey: 'POST /orders/{id}/cancel', authorizer: 'signedIn' } }, 0) as { rawPath: string; requestContext: { authorizer: { lambda: Caller } } };
    const getOrder = events.getOrder;

    expect(cancel.rawPath).toBe(`/orders/${seed.toCancel[0]}/cancel`);
    expect(cancel.requestContext.authorizer.lambda).toEqual(seed.customer.caller);
    expect(getOrder?.check({ statusCode: 200, body: JSON.stringify({ id: seed.orderId }) })).toBeUndefined();
    expect(getOrder?.check({ statusCode: 200, body: JSON.stringify({ id: randomUUID() }) })).toBe('another order');
  });

  it('answer a sweep only with its result', () => {
    const sweep = events.sweepOrders;

    expect(sweep?.check({ resent: 0, pastDeadline: 0, failed: 0 })).toBeUndefined();
    expect(sweep?.check(null)).toMatch(/no sweep result/);
  });
});
