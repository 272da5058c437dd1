import { ValidationError } from '../../../lib/errors.ts';
import { httpHandler } from '../../../lib/http/http-handler.ts';
import { zodFieldErrors } from '../../../lib/validation.ts';
import { placeOrderDeps } from '../compose-place-order.ts';
import { metrics } from '../compose.ts';
import { placeOrder } from '../use-cases/place-order.ts';
import { idempotencyKeyHeader, placeOrderBody } from './place-order.schema.ts';

/** 202: the order is PENDING and its saga under way; Location is where to watch it. */
export const handler = httpHandler({ body: placeOrderBody, caller: true }, async ({ body, caller, headers }) => {
  const header = idempotencyKeyHeader.safeParse(headers);
  if (!header.success) throw new ValidationError(zodFieldErrors(header.error, 'headers'));
  const order = await placeOrder(placeOrderDeps, caller, header.data['idempotency-key'], body);
  return { status: 202, headers: { location: `/orders/${order.id}` }, body: order };
}, { metrics });
