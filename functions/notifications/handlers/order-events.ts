import { OrderEvent } from '../../../lib/contracts/order-events.ts';
import { queueHandler } from '../../../lib/queue/queue-handler.ts';
import { clock, ids, notificationStore, sendingClaimSeconds } from '../compose.ts';
import { emailSender } from '../compose-email.ts';
import { notifyOrderOutcome } from '../use-cases/notify-order-outcome.ts';

const deps = { notifications: notificationStore, email: emailSender, clock, ids, sendingClaimSeconds };

export const handler = queueHandler(OrderEvent, (event) => notifyOrderOutcome(deps, event));
