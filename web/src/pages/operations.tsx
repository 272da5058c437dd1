/**
 * The operator's page (admins only, app.tsx guards it): every service with its version and readiness,
 * every queue with its depth and its DLQ's, the circuit breakers as last seen, the latest orders of all
 * customers with each one's timeline, and a DLQ's messages with a way to send them back. All but the
 * DLQ's messages are asked for again every few seconds while the page is open.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { DEAD_LETTER_SERVICES, type DeadLetterService, type LatestOrdersState, type Order, type ShopClient } from '@shop/client';
import { useShop } from '../app';
import { money } from '../order-words';
import { Loading, PageTitle, Problem, shortId, StateBadge, usePolled, useSubmit, when, type Polled } from '../ui';

/** How often the page asks again: often enough to watch a load run, rarely enough to add little to it. */
const POLL_MS = 5000;
/** How many of the latest orders are shown. */
const LATEST_ORDERS = 30;
/** How many of a DLQ's messages are shown (the API's most). */
const DEAD_LETTERS_SHOWN = 50;

/** Every state an order can be found in, in the saga's order; `satisfies` keeps the list whole. */
const STATES = Object.keys({
  PENDING: 1,
  STOCK_RESERVED: 1,
  CONFIRMED: 1,
  REJECTED: 1,
  PAYMENT_FAILED: 1,
  RELEASING_STOCK: 1,
  CANCELLING_PAYMENT: 1,
  RELEASING_AND_CANCELLING: 1,
  COMPENSATION_FAILED: 1,
  CANCELLED: 1,
} satisfies Record<LatestOrdersState, 1>) as LatestOrdersState[];

type Breaker = Awaited<ReturnType<ShopClient['admin']['breakers']>>[number];
type Services = Awaited<ReturnType<ShopClient['admin']['services']>>;
type Queues = Awaited<ReturnType<ShopClient['admin']['queues']>>;

export function OperationsPage() {
  const { shop } = useShop();
  const services = usePolled(() => shop.admin.services(), [shop], POLL_MS);
  const queues = usePolled(() => shop.admin.queues(), [shop], POLL_MS);
  const breakers = usePolled(() => shop.admin.breakers(), [shop], POLL_MS);
  return (
    <div class="operations">
      <PageTitle title="Admin: operations">Operations</PageTitle>
      <p class="meta">Asked again every {POLL_MS / 1000} seconds while this page is open.</p>
      <Section id="services" title="Services" polled={services}>
        {(data) => <ServicesTable services={data} />}
      </Section>
      <Section id="queues" title="Queues" polled={queues}>
        {(data) => <QueuesTable queues={data} />}
      </Section>
      <Section id="breakers" title="Circuit breakers" polled={breakers}>
        {(data) => <BreakersTable breakers={data} />}
      </Section>
      <LatestOrders />
      <DeadLetters />
    </div>
  );
}

/** A part of the page: its heading, then what was last read (kept while a later read fails), or why there is none. */
function Section<T>({ id, title, polled, controls, children }: { id: string; title: string; polled: Polled<T>; controls?: ComponentChildren; children: (data: T) => ComponentChildren }) {
  return (
    <section aria-labelledby={`ops-${id}`}>
      <h2 id={`ops-${id}`}>{title}</h2>
      {controls}
      {polled.error !== undefined && <Problem error={polled.error} />}
      {polled.data === undefined && polled.error === undefined && <Loading what={`the ${title.toLowerCase()}`} />}
      {polled.data !== undefined && children(polled.data)}
      {polled.at !== undefined && <p class="meta">As read at {new Date(polled.at).toLocaleTimeString()}.</p>}
    </section>
  );
}

/** A table that scrolls sideways on its own on a narrow screen, reachable by keyboard to do so. */
const Wide = ({ label, children }: { label: string; children: ComponentChildren }) => (
  <div class="wide" role="region" aria-label={label} tabIndex={0}>
    {children}
  </div>
);

function ServicesTable({ services }: { services: Services }) {
  return (
    <Wide label="Services, scrollable">
      <table>
        <caption class="visually-hidden">Services</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Version</th>
            <th scope="col">Readiness</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.name}>
              <th scope="row">{service.name}</th>
              <td>{service.version ?? 'unknown'}</td>
              <td class={service.ready ? 'good' : 'bad'}>{service.ready ? 'Ready' : 'Not ready'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

function QueuesTable({ queues }: { queues: Queues }) {
  return (
    <Wide label="Queues, scrollable">
      <table>
        <caption class="visually-hidden">Queues</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Service</th>
            <th scope="col">Waiting</th>
            <th scope="col">In flight</th>
            <th scope="col">In its DLQ</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={`${queue.service}-${queue.name}`}>
              <th scope="row">{queue.name}</th>
              <td>{queue.service}</td>
              <td>{queue.visible}</td>
              <td>{queue.inFlight}</td>
              {queue.deadLetter === null ? (
                <td>no DLQ</td>
              ) : (
                <td class={queue.deadLetter.visible + queue.deadLetter.inFlight > 0 ? 'bad' : undefined}>{queue.deadLetter.visible + queue.deadLetter.inFlight}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

function BreakersTable({ breakers }: { breakers: Breaker[] }) {
  return (
    <Wide label="Circuit breakers, scrollable">
      <table>
        <caption class="visually-hidden">Circuit breakers</caption>
        <thead>
          <tr>
            <th scope="col">Guards calls to</th>
            <th scope="col">In</th>
            <th scope="col">State</th>
            <th scope="col">Since</th>
            <th scope="col">Seen by</th>
          </tr>
        </thead>
        <tbody>
          {breakers.map((breaker) => (
            <tr key={`${breaker.service}-${breaker.dependency}`}>
              <th scope="row">{breaker.dependency}</th>
              <td>{breaker.service}</td>
              <td class={breaker.state === 'closed' ? 'good' : 'bad'}>{breaker.state}</td>
              <td>{breaker.changedAt === null ? 'never changed' : <time dateTime={breaker.changedAt}>{when(breaker.changedAt)}</time>}</td>
              <td>{breaker.container ?? 'no container yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Wide>
  );
}

/** Seconds from the order's placement to a step of it: the saga's pace at a glance. */
const after = (order: Order, at: string): string => `+${((Date.parse(at) - Date.parse(order.placedAt)) / 1000).toFixed(1)} s`;

function LatestOrders() {
  const { shop } = useShop();
  const [state, setState] = useState<LatestOrdersState | ''>('');
  const orders = usePolled(() => shop.admin.orders({ limit: LATEST_ORDERS, ...(state === '' ? {} : { state }) }), [shop, state], POLL_MS);
  return (
    <Section
      id="orders"
      title="Latest orders"
      polled={orders}
      controls={
        <div class="field">
          <label for="ops-state">In state</label>
          <select id="ops-state" value={state} onChange={(event) => setState(event.currentTarget.value as LatestOrdersState | '')}>
            <option value="">Any state</option>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {(page) => (
        <>
          {page.items.length === 0 && <p>No orders{state === '' ? '' : ` in ${state}`}.</p>}
          <ol class="latest" aria-label="Latest orders" hidden={page.items.length === 0}>
            {page.items.map((order) => (
              <li key={order.id}>
                <h3>
                  Order {shortId(order.id)} <StateBadge state={order.state} />
                </h3>
                <p class="meta">
                  {order.customerEmail} · {money(order.totalCents, order.currency)} · placed <time dateTime={order.placedAt}>{when(order.placedAt)}</time>
                </p>
                <ol class="history" aria-label={`Timeline of order ${shortId(order.id)}`}>
                  {order.history.map((step, index) => (
                    <li key={`${index}-${step.state}`}>
                      <StateBadge state={step.state} /> <time dateTime={step.at}>{after(order, step.at)}</time>
                      <span class="by"> by {step.by}</span>
                      {step.reason !== '' && <span class="reason">: {step.reason}</span>}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

type Shown = { service: DeadLetterService; items: Awaited<ReturnType<ShopClient['admin']['deadLetters']>> };
type Redriven = { service: DeadLetterService } & Awaited<ReturnType<ShopClient['admin']['redrive']>>;

/**
 * A DLQ's messages, read when asked and not polled: reading a message counts as receiving it (its
 * receive count goes up) and hides it for a moment from anyone else reading the queue.
 */
function DeadLetters() {
  const { shop } = useShop();
  const [service, setService] = useState<DeadLetterService>(DEAD_LETTER_SERVICES[0] ?? 'catalog');
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  const [redriven, setRedriven] = useState<Redriven | undefined>(undefined);
  const read = async (from: DeadLetterService) => setShown({ service: from, items: await shop.admin.deadLetters(from, { limit: DEAD_LETTERS_SHOWN }) });
  const [showing, show] = useSubmit(async () => {
    setRedriven(undefined);
    await read(service);
  });
  const [redriving, redrive] = useSubmit(async () => {
    if (shown === undefined) return;
    const result = await shop.admin.redrive(shown.service);
    // Said once the DLQ is read again, so that what the page shows agrees with what it says.
    await read(shown.service).finally(() => setRedriven({ service: shown.service, ...result }));
  });
  const failures = redriven === undefined ? [] : [...redriven.notSent.map((item) => ({ ...item, what: 'not sent' })), ...redriven.notDeleted.map((item) => ({ ...item, what: 'sent, not deleted' }))];
  return (
    <section aria-labelledby="ops-dead-letters">
      <h2 id="ops-dead-letters">Dead letters</h2>
      <form class="inline" onSubmit={show}>
        <div class="field">
          <label for="ops-dlq">Service</label>
          <select id="ops-dlq" value={service} onChange={(event) => setService(event.currentTarget.value as DeadLetterService)}>
            {DEAD_LETTER_SERVICES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={showing.busy}>
          {showing.busy ? 'Reading…' : 'Show its DLQ'}
        </button>
      </form>
      {showing.error !== undefined && <Problem error={showing.error} />}
      <div role="status" class="saved">
        {redriven !== undefined && (
          <p>
            Sent {redriven.moved} {redriven.moved === 1 ? 'message' : 'messages'} of the {redriven.service} DLQ back to its queue.
          </p>
        )}
      </div>
      {failures.length > 0 && (
        <ul class="problem">
          {failures.map((failure) => (
            <li key={failure.messageId}>
              {failure.messageId}, {failure.what}: {failure.reason}
            </li>
          ))}
        </ul>
      )}
      {redriving.error !== undefined && <Problem error={redriving.error} />}
      {shown !== undefined && (
        <>
          <h3>The {shown.service} DLQ</h3>
          {shown.items.length === 0 ? (
            <p>No messages.</p>
          ) : (
            <>
              <form onSubmit={redrive}>
                <button type="submit" class="primary" disabled={redriving.busy}>
                  {redriving.busy ? 'Sending back…' : `Send the ${shown.service} DLQ back to its queue`}
                </button>
              </form>
              <ol class="letters" aria-label={`Messages in the ${shown.service} DLQ`}>
                {shown.items.map((message) => (
                  <li key={message.messageId}>
                    <p class="meta">
                      {message.messageId} · sent {message.sentAt === null ? 'at an unknown time' : when(message.sentAt)} · received {message.receiveCount} {message.receiveCount === 1 ? 'time' : 'times'}
                    </p>
                    <pre>{message.body}</pre>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
