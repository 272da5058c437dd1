import { OrderCancelledV2, OrderCompensationFailedV1, OrderConfirmedV1, OrderPaymentFailedV2, OrderRejectedV1 } from './order-events.ts';
import { ChargePaymentV2, RefundPaymentV1 } from './payments.ts';
import { ReleaseStockV1, ReserveStockV1 } from './stock.ts';

/**
 * The version each message the order saga sends goes out as: its current contract. A new version goes
 * here once every consumer takes it (docs/messages.md, Versioning).
 */
export const SAGA_MESSAGES = {
  ReserveStock: ReserveStockV1,
  ReleaseStock: ReleaseStockV1,
  ChargePayment: ChargePaymentV2,
  RefundPayment: RefundPaymentV1,
  OrderConfirmed: OrderConfirmedV1,
  OrderRejected: OrderRejectedV1,
  OrderPaymentFailed: OrderPaymentFailedV2,
  OrderCancelled: OrderCancelledV2,
  OrderCompensationFailed: OrderCompensationFailedV1,
};
