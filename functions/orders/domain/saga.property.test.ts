/**
 * Model-based tests of the saga (fast-check's commands): one order runs against a small model of the
 * catalog and of payments (each keeping one decision per order, as the real services do), through
 * random sequences of message deliveries in any order and any number of times, cancels and deadlines.
 * After every step the order's own rules hold; once every message is delivered and every deadline has
 * passed, the order has ended, and the catalog holds its stock and payments its money exactly when it
 * ended CONFIRMED.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { SAGA_MESSAGES, type SagaMessage } from '../../../lib/contracts/routes.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { ORDER_STATES, type Order, type SagaContext } from './order.ts';
import { startOrder, transition, type SagaEvent, type SagaReply } from './saga.ts';

const timeouts = { stockSeconds: 30, paymentSeconds: 60, compensationSeconds: 20 };
const productId = randomUUID();

/** The catalog's decision for the order, and what it answers each command with (functions/catalog/domain/reservation.ts). */
class ModelCatalog {
  decision: 'none' | 'RESERVED' | 'REJECTED' | 'RELEASED' = 'none';
  readonly hasStock: boolean;

  constructor(hasStock: boolean) {
    this.hasStock = hasStock;
  }

  handle(command: SagaMessage, orderId: string): SagaReply {
    const items = [{ productId, quantity: 1 }];
    if (command.type === 'ReserveStock') {
      if (this.decision === 'none') this.decision = this.hasStock ? 'RESERVED' : 'REJECTED';
      if (this.decision === 'RESERVED') return { type: 'StockReserved', data: { orderId, items } };
      return { type: 'StockRejected', data: { orderId, reason: this.decision === 'RELEASED' ? 'ORDER_RELEASED' : 'INSUFFICIENT_STOCK', productId } };
    }
    if (this.decision !== 'REJECTED') this.decision = 'RELEASED';
    return { type: 'StockReleased', data: { orderId, items: [] } };
  }

  get holdsStock(): boolean {
    return this.decision === 'RESERVED';
  }
}

/** Payments' record of the order, and what it answers each command with (functions/payments/domain/payment.ts). */
class ModelPayments {
  record: 'none' | 'CHARGED' | 'DECLINED' | 'VOIDED' | 'REFUNDED' = 'none';
  amountCents = 0;
  readonly cardWorks: boolean;

  constructor(cardWorks: boolean) {
    this.cardWorks = cardWorks;
  }

  handle(command: SagaMessage, orderId: string): SagaReply {
    if (command.type === 'ChargePayment') {
      if (this.record === 'none') {
        this.record = this.cardWorks ? 'CHARGED' : 'DECLINED';
        this.amountCents = command.data.amountCents;
      }
      if (this.record === 'CHARGED' || this.record === 'REFUNDED') return { type: 'PaymentCharged', data: { orderId, paymentId: 'pi_model', amountCents: this.amountCents, currency: 'EUR' } };
      return { type: 'PaymentDeclined', data: { orderId, reason: this.record === 'VOIDED' ? 'ORDER_VOIDED' : 'CARD_DECLINED' } };
    }
    if (this.record === 'none') this.record = 'VOIDED';
    if (this.record === 'CHARGED') this.record = 'REFUNDED';
    return { type: 'PaymentRefunded', data: { orderId, refundedCents: this.record === 'REFUNDED' ? this.amountCents : 0, ...(this.record === 'REFUNDED' ? { currency: 'EUR' } : {}) } };
  }

  get holdsMoney(): boolean {
    return this.record === 'CHARGED';
  }
}

/** A rule the saga must keep at every step; broken, the run fails with fast-check's shortest counterexample. */
function rule(holds: boolean, what: string): void {
  if (!holds) throw new Error(`The saga broke a rule: ${what}.`);
}

/** One order, the services it talks to, and the messages in flight both ways (each may be delivered again). */
class World {
  readonly clock = new ManualClock('2026-12-01T10:00:00.000Z');
  readonly catalog: ModelCatalog;
  readonly payments: ModelPayments;
  order: Order;
  commands: SagaMessage[] = [];
  replies: SagaReply[] = [];
  sent: SagaMessage[] = [];

  constructor(hasStock: boolean, cardWorks: boolean, free: boolean) {
    this.catalog = new ModelCatalog(hasStock);
    this.payments = new ModelPayments(cardWorks);
    const step = startOrder({ id: randomUUID(), customerId: 'u-1', customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId, quantity: 1, unitPriceCents: free ? 0 : 1500 }] }, this.ctx());
    this.order = step.order;
    this.take(step.messages);
  }

  ctx(): SagaContext {
    return { now: this.clock.now(), replyTo: 'shop-test-orders-replies', timeouts };
  }

  /** Moves the order by the event and checks the rules every step keeps. */
  apply(event: SagaEvent): void {
    const before = this.order;
    let step;
    try {
      step = transition(before, event, this.ctx());
    } catch (error) {
      rule(event.type === 'CancelRequested' && (error as Error).name === 'ConflictError', `only a cancel is refused, not ${event.type}`);
      rule(ORDER_STATES[before.state].kind === 'final', `a cancel of a ${before.state} order is taken`);
      return;
    }
    if (step.order === before) {
      rule(step.messages.length === 0, 'a step that changes nothing sends nothing');
    } else {
      rule(step.order.version === before.version + 1, 'every change moves the version by one');
      rule(step.order.history.at(-1)?.state === step.order.state && step.order.history.length > before.history.length, 'every change is in the history');
      rule(ORDER_STATES[before.state].kind !== 'final', `a final order (${before.state}) never moves`);
    }
    rule(ORDER_STATES[step.order.state].kind !== 'passing', 'a passing state is passed in the same step');
    rule((step.order.deadline !== undefined) === (ORDER_STATES[step.order.state].kind === 'open'), 'an order has a deadline exactly while it waits');
    this.order = step.order;
    this.take(step.messages);
  }

  take(messages: readonly SagaMessage[]): void {
    for (const message of messages) {
      const { contract } = SAGA_MESSAGES[message.type];
      const envelope = { messageId: randomUUID(), type: message.type, version: contract.messageVersion, occurredAt: this.clock.now().toISOString(), correlationId: 'c', data: message.data };
      rule(contract.safeParse(envelope).success, `every message is one its contract takes (${message.type})`);
      this.sent.push(message);
      if (SAGA_MESSAGES[message.type].to.service !== 'notifications') this.commands.push(message);
    }
  }

  deliverCommand(index: number, again: boolean): void {
    const command = this.commands[index % this.commands.length] as SagaMessage;
    if (!again) this.commands.splice(index % this.commands.length, 1);
    const service = SAGA_MESSAGES[command.type].to.service === 'catalog' ? this.catalog : this.payments;
    this.replies.push(service.handle(command, this.order.id));
  }

  deliverReply(index: number, again: boolean): void {
    const reply = this.replies[index % this.replies.length] as SagaReply;
    if (!again) this.replies.splice(index % this.replies.length, 1);
    this.apply(reply);
  }

  passDeadline(): void {
    if (this.order.deadline !== undefined) this.clock.advanceSeconds((Date.parse(this.order.deadline) - this.clock.now().getTime()) / 1000 + 1);
    this.apply({ type: 'DeadlinePassed' });
  }

  /** Delivers everything once more and lets every deadline pass, until nothing moves. */
  settle(): void {
    for (let round = 0; round < 50; round += 1) {
      while (this.commands.length > 0) this.deliverCommand(0, false);
      while (this.replies.length > 0) this.deliverReply(0, false);
      if (this.commands.length === 0 && ORDER_STATES[this.order.state].kind !== 'open') return;
      if (this.commands.length === 0) this.passDeadline();
    }
  }
}

type Step = fc.Command<object, World>;
const step = (name: string, check: (world: World) => boolean, run: (world: World) => void): Step => ({
  check: (_model) => true,
  run: (_model, world) => {
    if (check(world)) run(world);
  },
  toString: () => name,
});

const steps = fc.oneof(
  fc.tuple(fc.nat(), fc.boolean()).map(([index, again]) => step(`command ${index}${again ? ' (again)' : ''}`, (world) => world.commands.length > 0, (world) => world.deliverCommand(index, again))),
  fc.tuple(fc.nat(), fc.boolean()).map(([index, again]) => step(`reply ${index}${again ? ' (again)' : ''}`, (world) => world.replies.length > 0, (world) => world.deliverReply(index, again))),
  fc.constantFrom('customer' as const, 'admin' as const).map((by) => step(`cancel by ${by}`, () => true, (world) => world.apply({ type: 'CancelRequested', by }))),
  fc.constant(step('deadline', () => true, (world) => world.passDeadline())),
);

describe('the saga, run against models of the catalog and payments', () => {
  it('keeps its rules at every step, and ends with the stock and the money held exactly when it is CONFIRMED', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.commands([steps], { maxCommands: 40 }), (hasStock, cardWorks, free, commands) => {
        const world = new World(hasStock, cardWorks, free);
        fc.modelRun(() => ({ model: {}, real: world }), commands);
        world.settle();

        const kind = ORDER_STATES[world.order.state].kind;
        expect(kind === 'final' || kind === 'settled').toBe(true);
        const confirmed = world.order.state === 'CONFIRMED';
        expect(world.catalog.holdsStock).toBe(confirmed);
        expect(world.payments.holdsMoney).toBe(confirmed && !free);
        // One outcome event per outcome the order reached, and none for an outcome it did not.
        const outcomes = world.sent.filter(({ type }) => SAGA_MESSAGES[type].to.service === 'notifications').map(({ type }) => type);
        expect(new Set(outcomes).size).toBe(outcomes.length);
      }),
      { numRuns: 300 },
    );
  });
});
