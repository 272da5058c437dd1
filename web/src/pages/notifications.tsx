/** What the shop told me about my orders (each also sent by email). */
import { SignedIn, useShop } from '../app';
import { Loading, PageTitle, Problem, shortId, when } from '../ui';
import { usePages } from './orders';

export function NotificationsPage() {
  return <SignedIn>{() => <Notifications />}</SignedIn>;
}

function Notifications() {
  const { shop } = useShop();
  const { items, page, more } = usePages((cursor) => shop.notifications.list({ limit: 20, ...(cursor === undefined ? {} : { cursor }) }), [shop]);
  return (
    <>
      <PageTitle title="Notifications">Notifications</PageTitle>
      {page.error !== undefined && <Problem error={page.error} />}
      {page.loading && items.length === 0 && <Loading what="your notifications" />}
      {!page.loading && items.length === 0 && page.error === undefined && <p>Nothing yet: you are told here (and by email) when an order ends.</p>}
      {items.length > 0 && (
        <ul class="notifications">
          {items.map((note) => (
            <li key={note.id}>
              <p class="subject">{note.subject}</p>
              <p class="meta">
                <time dateTime={note.sentAt ?? note.createdAt}>{when(note.sentAt ?? note.createdAt)}</time>
                {note.sentAt === undefined ? ' · email not sent yet' : ' · emailed'} · <a href={`/orders/${note.orderId}`}>Order {shortId(note.orderId)}</a>
              </p>
            </li>
          ))}
        </ul>
      )}
      {more !== undefined && (
        <button type="button" onClick={more} disabled={page.loading}>
          More notifications
        </button>
      )}
    </>
  );
}
