import type * as z from '../zod.ts';
import { OrderCancelledV2, OrderCompensationFailedV1, OrderConfirmedV1, OrderPaymentFailedV2, OrderRejectedV1 } from './order-events.ts';
import { ChargePaymentV2, RefundPaymentV1 } from './payments.ts';
import { ReleaseStockV1, ReserveStockV1 } from './stock.ts';

/** A queue a service publishes for others to send to, found by name (`/shop/<stage>/<service>/queues/<queue>/url`). */
export type Route = Readonly<{ service: string; queue: string }>;

/**
 * Every message the order saga sends: the version it goes out as (its current contract, which checks it
 * before it leaves) and where it goes. The orders service's sender and its functions' IAM grants to send
 * (lib/serverless/least-privilege.ts, `sendsSagaMessages`) both come from this table. A new version goes
 * here once every consumer takes it (docs/messages.md, Versioning); a new message, with its route.
 */
export const SAGA_MESSAGES = {
  ReserveStock: { contract: ReserveStockV1, to: { service: 'catalog', queue: 'stock-commands' } },
  ReleaseStock: { contract: ReleaseStockV1, to: { service: 'catalog', queue: 'stock-commands' } },
  ChargePayment: { contract: ChargePaymentV2, to: { service: 'payments', queue: 'commands' } },
  RefundPayment: { contract: RefundPaymentV1, to: { service: 'payments', queue: 'commands' } },
  OrderConfirmed: { contract: OrderConfirmedV1, to: { service: 'notifications', queue: 'order-events' } },
  OrderRejected: { contract: OrderRejectedV1, to: { service: 'notifications', queue: 'order-events' } },
  OrderPaymentFailed: { contract: OrderPaymentFailedV2, to: { service: 'notifications', queue: 'order-events' } },
  OrderCancelled: { contract: OrderCancelledV2, to: { service: 'notifications', queue: 'order-events' } },
  OrderCompensationFailed: { contract: OrderCompensationFailedV1, to: { service: 'notifications', queue: 'order-events' } },
} as const satisfies Record<string, { contract: z.ZodMiniType & { messageVersion: number }; to: Route }>;

export type SagaMessageType = keyof typeof SAGA_MESSAGES;

/** A message of the saga as the domain emits it: its type and data, typed by its contract; no envelope, no address. */
export type SagaMessage = {
  [T in SagaMessageType]: { type: T; data: z.input<(typeof SAGA_MESSAGES)[T]['contract']>['data'] };
}[SagaMessageType];

/** Where a message of the saga goes, by its type; a type the table does not hold is a bug, refused. */
export function routeOf(type: string): Route {
  const entry = (SAGA_MESSAGES as Record<string, { to: Route } | undefined>)[type];
  if (entry === undefined) throw new Error(`The saga sends no ${type}: lib/contracts/routes.ts has no route for it.`);
  return entry.to;
}
