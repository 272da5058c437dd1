import { ConflictError } from '../../../lib/errors.ts';
import type { OrderEvent } from '../../../lib/contracts/order-events.ts';

type OrderEventType = OrderEvent['type'];

/** What the shop told a customer about one of their orders: one per order and outcome. */
export type Notification = {
  id: string;
  userId: string;
  orderId: string;
  type: OrderEventType;
  email: string;
  subject: string;
  text: string;
  createdAt: string;
  /** When the email went out; absent until it has. */
  sentAt?: string;
};

/** The email a notification is sent as. */
export type Email = { to: string; subject: string; text: string };

const formatAmount = (cents: number, currency: string): string => `${(cents / 100).toFixed(2)} ${currency}`;

/** What each outcome says, in plain text: what happened, what it means for the customer's money. */
function message(event: OrderEvent): { subject: string; lines: string[] } {
  const { orderId, totalCents, currency } = event.data;
  const total = formatAmount(totalCents, currency);
  switch (event.type) {
    case 'OrderConfirmed':
      return {
        subject: 'Your order is confirmed',
        lines: [`Thank you: your order ${orderId} is confirmed.`, `We have charged ${total} and are getting it ready.`],
      };
    case 'OrderRejected':
      return {
        subject: 'We could not take your order',
        lines: [
          `Your order ${orderId} could not be placed: ${event.data.reason === 'UNKNOWN_PRODUCT' ? 'an item in it is no longer sold' : 'an item in it is out of stock'}.`,
          'Nothing was charged.',
        ],
      };
    case 'OrderPaymentFailed': {
      const refunded = 'refundedCents' in event.data ? event.data.refundedCents : 0;
      return {
        subject: 'Your payment did not go through',
        lines: [
          `We could not take the payment of ${total} for your order ${orderId}: ${event.data.reason === 'CARD_DECLINED' ? 'the card was declined' : 'the payment did not complete in time'}.`,
          refunded > 0
            ? `The payment went through after all, too late: we have refunded ${formatAmount(refunded, currency)}, and the order is closed; you are welcome to order again.`
            : 'Nothing was charged and the order is closed; you are welcome to order again.',
        ],
      };
    }
    case 'OrderCancelled': {
      const money = event.data.refundedCents > 0 ? `We have refunded ${formatAmount(event.data.refundedCents, currency)}.` : 'Nothing was charged.';
      const reason = 'reason' in event.data ? event.data.reason : undefined;
      if (reason === 'STOCK_TIMED_OUT') {
        return {
          subject: 'We could not complete your order',
          lines: [`We could not confirm your order ${orderId} in time, so it is cancelled: you did nothing wrong.`, money, 'You are welcome to order again.'],
        };
      }
      const by = reason === 'ADMIN_REQUEST' ? 'by our staff' : reason === 'CUSTOMER_REQUEST' ? 'as you asked' : '';
      return { subject: 'Your order is cancelled', lines: [`Your order ${orderId} is cancelled${by === '' ? '' : ` ${by}`}.`, money] };
    }
    case 'OrderCompensationFailed': {
      const owed = event.data.pending.map((pending) => (pending === 'REFUND' ? `the refund of ${total} is delayed` : 'returning its items to stock is delayed'));
      const ending = event.data.outcome === 'CANCELLED' ? 'cancelling your order' : 'closing your order after its payment failed';
      return {
        subject: 'Your order needs our attention',
        lines: [
          `We are ${ending} ${orderId}, but ${owed.join(' and ')}.`,
          'Our team has been told and is on it; any money taken will be given back, and we will write again when it is done.',
        ],
      };
    }
  }
}

/** The notification an order's outcome makes, not yet sent. */
export function notificationOf(event: OrderEvent, id: string, now: Date): Notification {
  const { subject, lines } = message(event);
  return {
    id,
    userId: event.data.customerId,
    orderId: event.data.orderId,
    type: event.type,
    email: event.data.customerEmail,
    subject,
    text: `${lines.join('\n')}\n\nThe shop\n`,
    createdAt: now.toISOString(),
  };
}

export const emailOf = (notification: Notification): Email => ({ to: notification.email, subject: notification.subject, text: notification.text });

/** The notification as sent at `now`; one that was sent already cannot be sent again. */
export function markSent(notification: Notification, now: Date): Notification & { sentAt: string } {
  if (notification.sentAt !== undefined) throw new ConflictError(`Notification ${notification.id} was sent at ${notification.sentAt}.`);
  return { ...notification, sentAt: now.toISOString() };
}
