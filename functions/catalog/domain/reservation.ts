/** A quantity of one product held for (or given back by) an order. */
export type StockLine = Readonly<{ productId: string; quantity: number }>;

type RejectionReason = 'INSUFFICIENT_STOCK' | 'UNKNOWN_PRODUCT' | 'ORDER_RELEASED';

/**
 * What the catalog did with an order's stock; exactly one per order, so a repeated command finds it and
 * gets the same answer. RELEASED with no lines is a release that came before any reservation: it bars
 * a late reservation for that order.
 */
export type Reservation =
  | Readonly<{ orderId: string; status: 'RESERVED'; lines: readonly StockLine[] }>
  | Readonly<{ orderId: string; status: 'REJECTED'; reason: RejectionReason; productId?: string }>
  | Readonly<{ orderId: string; status: 'RELEASED'; lines: readonly StockLine[] }>;

export type ReservedReservation = Extract<Reservation, { status: 'RESERVED' }>;

/** The catalog's answers; they match the data of the StockReserved/StockRejected/StockReleased messages. */
export type StockAnswer =
  | { type: 'StockReserved'; data: { orderId: string; items: StockLine[] } }
  | { type: 'StockRejected'; data: { orderId: string; reason: RejectionReason; productId?: string } }
  | { type: 'StockReleased'; data: { orderId: string; items: StockLine[] } };

/** The answer to a reserve command, given what stands for its order. */
export function reserveAnswer(reservation: Reservation): StockAnswer {
  const { orderId } = reservation;
  switch (reservation.status) {
    case 'RESERVED':
      return { type: 'StockReserved', data: { orderId, items: [...reservation.lines] } };
    case 'REJECTED':
      return { type: 'StockRejected', data: { orderId, reason: reservation.reason, ...productOf(reservation) } };
    case 'RELEASED':
      return { type: 'StockRejected', data: { orderId, reason: 'ORDER_RELEASED' } };
  }
}

/** The answer to a release command: what was given back (nothing if nothing was held). */
export function releaseAnswer(orderId: string, givenBack: readonly StockLine[]): StockAnswer {
  return { type: 'StockReleased', data: { orderId, items: [...givenBack] } };
}

const productOf = ({ productId }: { productId?: string }) => (productId === undefined ? {} : { productId });
