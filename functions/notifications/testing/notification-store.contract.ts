import { randomUUID } from 'node:crypto';
import type { Notification } from '../domain/notification.ts';
import type { NotificationStore } from '../ports.ts';

function aNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: randomUUID(),
    userId: `user-${randomUUID()}`,
    orderId: randomUUID(),
    type: 'OrderConfirmed',
    email: 'ada@example.com',
    subject: 'Your order is confirmed',
    text: 'Thank you.\n',
    createdAt: '2026-11-22T12:00:00.000Z',
    ...overrides,
  };
}

/** What every NotificationStore promises (ports.ts), run against the in-memory fake and the DynamoDB adapter alike. */
export function describeNotificationStoreContract(name: string, subject: () => NotificationStore): void {
  describe(`${name} keeps the NotificationStore contract`, () => {
    let store: NotificationStore;
    beforeAll(() => {
      store = subject();
    });

    it('stores a notification and lists it for its user only', async () => {
      const notification = aNotification();

      const stored = await store.add(notification);

      expect(stored).toEqual(notification);
      expect((await store.list(notification.userId, { limit: 10 })).items).toEqual([notification]);
      expect((await store.list(`user-${randomUUID()}`, { limit: 10 })).items).toEqual([]);
    });

    it('keeps one notification per order and event type, and answers a repeat with the one that stands', async () => {
      const first = aNotification();
      const repeat = aNotification({ userId: first.userId, orderId: first.orderId, createdAt: '2026-11-22T12:05:00.000Z' });
      const otherOutcome = aNotification({ userId: first.userId, orderId: first.orderId, type: 'OrderCancelled', createdAt: '2026-11-22T12:06:00.000Z' });

      const [a, b] = await Promise.all([store.add(first), store.add(repeat)]);
      await store.add(otherOutcome);

      expect(b).toEqual(a);
      expect([first.id, repeat.id]).toContain(a.id);
      expect((await store.list(first.userId, { limit: 10 })).items.map(({ type }) => type)).toEqual(['OrderCancelled', 'OrderConfirmed']);
    });

    it('records the first time a notification was sent, which a repeat then returns', async () => {
      const notification = aNotification();
      await store.add(notification);

      await store.recordSent({ ...notification, sentAt: '2026-11-22T12:00:01.000Z' });
      await store.recordSent({ ...notification, sentAt: '2026-11-22T12:09:00.000Z' });
      const repeat = await store.add(aNotification({ userId: notification.userId, orderId: notification.orderId }));

      expect(repeat).toEqual({ ...notification, sentAt: '2026-11-22T12:00:01.000Z' });
    });

    it('lets only one of several concurrent claims on a notification win', async () => {
      const notification = aNotification();
      await store.add(notification);

      const won = await Promise.all(
        [1, 2, 3, 4].map(() => store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:20.000Z' }, '2026-11-22T12:00:00.000Z')),
      );

      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('refuses a claim on a notification that was sent', async () => {
      const notification = aNotification();
      await store.add(notification);
      await store.recordSent({ ...notification, sentAt: '2026-11-22T12:00:01.000Z' });

      const won = await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:20.000Z' }, '2026-11-22T12:00:02.000Z');

      expect(won).toBe(false);
    });

    it('lets a claim that ran out be taken again, and not before', async () => {
      const notification = aNotification();
      await store.add(notification);
      await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:20.000Z' }, '2026-11-22T12:00:00.000Z');

      const whileHeld = await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:39.000Z' }, '2026-11-22T12:00:19.000Z');
      const afterwards = await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:41.000Z' }, '2026-11-22T12:00:21.000Z');

      expect([whileHeld, afterwards]).toEqual([false, true]);
    });

    it('lets a claim that was given up be taken again at once', async () => {
      const notification = aNotification();
      await store.add(notification);
      const claim = { id: randomUUID(), until: '2026-11-22T12:00:20.000Z' };
      await store.claimSending(notification, claim, '2026-11-22T12:00:00.000Z');

      await store.giveUpSending(notification, claim);
      const again = await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:21.000Z' }, '2026-11-22T12:00:01.000Z');

      expect(again).toBe(true);
    });

    it('leaves alone, when a claim that ran out is given up, the claim another delivery took since', async () => {
      const notification = aNotification();
      await store.add(notification);
      const late = { id: randomUUID(), until: '2026-11-22T12:00:20.000Z' };
      await store.claimSending(notification, late, '2026-11-22T12:00:00.000Z');
      await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:41.000Z' }, '2026-11-22T12:00:21.000Z');

      await store.giveUpSending(notification, late);
      const third = await store.claimSending(notification, { id: randomUUID(), until: '2026-11-22T12:00:42.000Z' }, '2026-11-22T12:00:22.000Z');

      expect(third).toBe(false);
    });

    it('pages a user\'s notifications newest first, each once, with an opaque cursor', async () => {
      const userId = `user-${randomUUID()}`;
      const made = await Promise.all(
        [1, 2, 3, 4, 5].map((minute) => store.add(aNotification({ userId, createdAt: `2026-11-22T12:0${minute}:00.000Z` }))),
      );

      const seen: Notification[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 5; pages++) {
        const page = await store.list(userId, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }

      expect(seen.map(({ id }) => id)).toEqual(made.reverse().map(({ id }) => id));
      expect(cursor).toBeUndefined();
    });

    it.each(['not-a-cursor', Buffer.from('{"s":"USER#someone-else"}').toString('base64url'), Buffer.from('[1]').toString('base64url')])(
      'refuses a cursor it did not give out (%s) naming query.cursor',
      async (cursor) => {
        await expect(store.list('anyone', { limit: 2, cursor })).rejects.toMatchObject({
          name: 'ValidationError',
          fieldErrors: [{ field: 'query.cursor', reason: 'is not a cursor this API gave out' }],
        });
      },
    );
  });
}
