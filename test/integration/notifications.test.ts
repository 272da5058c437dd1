import { randomUUID } from 'node:crypto';
import { sesMailbox, sesUrl } from '../../functions/notifications/testing/ses-mailbox.ts';
import { api } from '../support/api.ts';
import { bearer, signUp, type Account } from '../support/auth.ts';
import { anAdmin } from '../support/client.ts';
import { depth, eventually, peek, queueUrl, resourceName, send } from '../support/aws.ts';

type Page = { items: Array<{ id: string; orderId: string; type: string; subject: string; sentAt?: string; createdAt: string }>; nextCursor?: string };

const orderEventsQueue = () => resourceName('notifications-order-events');
const orderEventsDlq = () => resourceName('notifications-order-events-dlq');

function orderConfirmed(account: Account, orderId = randomUUID()) {
  return {
    messageId: randomUUID(),
    type: 'OrderConfirmed',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: `notify-${orderId}`,
    data: { orderId, customerId: account.id, customerEmail: account.email, totalCents: 2599, currency: 'EUR' },
  };
}

const notificationsOf = (account: Account, query = '') => api<Page>('GET', `/notifications${query}`, { headers: bearer(account.accessToken) });

/** Waits until the user has `count` notifications, each sent, and the queue holds nothing more to work on. */
async function settled(account: Account, count: number): Promise<Page> {
  const url = await queueUrl(orderEventsQueue());
  return eventually(
    async () => {
      const { body } = await notificationsOf(account);
      const done = body.items.length >= count && body.items.every(({ sentAt }) => sentAt !== undefined) && (await depth(url)) === 0;
      return done ? body : undefined;
    },
    20_000,
    `${count} sent notification(s) for ${account.email}`,
  );
}

describe('notifications of how an order ended, over the real queue', () => {
  it('makes one notification for the customer from an OrderConfirmed and emails it through the local SES', async () => {
    const ada = await signUp('Ada');
    const event = orderConfirmed(ada);

    await send(orderEventsQueue(), event);
    const page = await settled(ada, 1);

    expect(page.items.map(({ orderId, type, subject }) => ({ orderId, type, subject }))).toEqual([
      { orderId: event.data.orderId, type: 'OrderConfirmed', subject: 'Your order is confirmed' },
    ]);
    const mail = await sesMailbox(sesUrl(), ada.email);
    expect(mail.map(({ from, subject }) => ({ from, subject }))).toEqual([{ from: 'shop@test.example.com', subject: 'Your order is confirmed' }]);
    expect(mail[0]?.text).toContain(`your order ${event.data.orderId} is confirmed`);
    expect(mail[0]?.text).toContain('25.99 EUR');
  });

  it('makes one notification and one email of the same event delivered twice', async () => {
    const bob = await signUp('Bob');
    const event = orderConfirmed(bob);

    await send(orderEventsQueue(), event);
    await send(orderEventsQueue(), event);
    await settled(bob, 1);

    expect((await notificationsOf(bob)).body.items).toHaveLength(1);
    expect(await sesMailbox(sesUrl(), bob.email)).toHaveLength(1);
  });

  it('shows notifications to their owner only, newest first, in pages', async () => {
    const owner = await signUp('Owner');
    const stranger = await signUp('Stranger');
    const events = [orderConfirmed(owner), orderConfirmed(owner), orderConfirmed(owner)];
    for (const event of events) {
      await send(orderEventsQueue(), event);
      await settled(owner, events.indexOf(event) + 1);
    }

    const first = await notificationsOf(owner, '?limit=2');
    const second = await notificationsOf(owner, `?limit=2&cursor=${String(first.body.nextCursor)}`);
    const strangers = await notificationsOf(stranger);

    expect(first.status).toBe(200);
    expect([...first.body.items, ...second.body.items].map(({ orderId }) => orderId)).toEqual(events.map(({ data }) => data.orderId).reverse());
    expect(second.body.nextCursor).toBeUndefined();
    expect(strangers.body).toEqual({ items: [] });
  });

  it.each([
    ['?limit=0', 'query.limit'],
    ['?limit=1e1', 'query.limit'],
    ['?cursor=forged', 'query.cursor'],
    ['?colour=red', 'query'],
  ])('answers %s with a 400 problem naming %s', async (query, field) => {
    const carol = await signUp('Carol');

    const response = await notificationsOf(carol, query);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.text).toContain(field);
  });

  it('answers a caller who is not signed in with a 401', async () => {
    expect((await api('GET', '/notifications')).status).toBe(401);
  });

  it('moves a malformed event to its DLQ and notifies nobody', async () => {
    const dave = await signUp('Dave');
    const event = orderConfirmed(dave);
    const malformed = { ...event, data: { ...event.data, customerEmail: 'not-an-address' } };

    await send(orderEventsQueue(), malformed);
    // Other tests' events may wait in the same DLQ: this one looks for its own.
    const dlq = await queueUrl(orderEventsDlq());
    const isDead = async () => ((await peek(dlq)).some(({ Body }) => (JSON.parse(String(Body)) as { messageId: string }).messageId === event.messageId) || undefined);

    await expect(eventually(isDead, 20_000, 'the event in its DLQ')).resolves.toBe(true);
    expect((await notificationsOf(dave)).body.items).toEqual([]);
  });

  it('shows an admin the event waiting in the DLQ, and once it is redriven the customer is notified', async () => {
    const erin = await signUp('Erin');
    const event = orderConfirmed(erin);
    // As one that failed every delivery while SES was down would be: whole, in the DLQ.
    await send(orderEventsDlq(), event);
    const admin = await anAdmin();

    const waiting = await admin.admin.deadLetters('notifications', { limit: 50 });
    const result = await admin.admin.redrive('notifications');

    expect(waiting.find(({ body }) => body.includes(event.messageId))).toMatchObject({ sentAt: expect.any(String) as string, receiveCount: expect.any(Number) as number });
    expect(result.moved).toBeGreaterThanOrEqual(1);
    expect(result.notSent).toEqual([]);
    // Not settled(): other tests' poison events go round again with it.
    const notified = await eventually(async () => ((await notificationsOf(erin)).body.items.find(({ sentAt }) => sentAt !== undefined)), 20_000, 'the notification, sent');
    expect(notified).toMatchObject({ orderId: event.data.orderId, type: 'OrderConfirmed' });
  });

  it("is ready when SES may send from the stage's sender, and says it checked", async () => {
    const response = await api<{ ready: boolean; checks: Array<{ name: string; ok: boolean }> }>('GET', '/notifications/health');

    expect(response.status).toBe(200);
    expect(response.body.checks).toContainEqual({ name: `sender shop@${process.env.SHOP_STAGE}.example.com`, ok: true });
  });
});
