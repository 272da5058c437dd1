/**
 * The storefront's pages by path, matched by hand: a dozen fixed patterns need no router library.
 * Paths are real ones (history API); the host answers index.html for any path that names no file
 * (CloudFront's viewer-request function on AWS, the local server under npm start).
 */
export type Route =
  | { page: 'products'; category?: string; cursor?: string }
  | { page: 'product'; id: string }
  | { page: 'cart' }
  | { page: 'sign-in'; next?: string }
  | { page: 'sign-up'; next?: string }
  | { page: 'orders' }
  | { page: 'order'; id: string }
  | { page: 'notifications' }
  | { page: 'admin'; admin: AdminRoute }
  | { page: 'not-found' };

/**
 * The pages under /admin, for admins alone: the app shows any of them only to a signed-in admin (one
 * guard for all). A new admin page is a line here, a case in AdminPage (app.tsx) and a link in the nav.
 */
export type AdminRoute = { page: 'products' } | { page: 'new-product' } | { page: 'product'; id: string } | { page: 'operations' };

const optional = <K extends string>(key: K, value: string | null): { [P in K]?: string } =>
  (value === null || value === '' ? {} : { [key]: value }) as { [P in K]?: string };

/** The route a URL's path and query stand for. */
export function routeOf(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'admin') {
    const admin = adminRouteOf(parts.slice(1));
    return admin === undefined ? { page: 'not-found' } : { page: 'admin', admin };
  }
  switch (parts.length) {
    case 0:
      return { page: 'products', ...optional('category', query.get('category')), ...optional('cursor', query.get('cursor')) };
    case 1:
      if (first === 'cart' || first === 'orders' || first === 'notifications') return { page: first };
      if (first === 'sign-in' || first === 'sign-up') return { page: first, ...optional('next', safeNext(query.get('next'))) };
      break;
    case 2:
      if (first === 'products' && second !== undefined) return { page: 'product', id: second };
      if (first === 'orders' && second !== undefined) return { page: 'order', id: second };
      break;
  }
  return { page: 'not-found' };
}

function adminRouteOf([first, second, ...rest]: string[]): AdminRoute | undefined {
  if (rest.length > 0) return undefined;
  if (first === undefined || (first === 'products' && second === undefined)) return { page: 'products' };
  if (first === 'products' && second === 'new') return { page: 'new-product' };
  if (first === 'products' && second !== undefined) return { page: 'product', id: second };
  if (first === 'operations' && second === undefined) return { page: 'operations' };
  return undefined;
}

/** A `next` that stays on this site (a path), so a link cannot send a signed-in customer elsewhere. */
function safeNext(next: string | null): string | null {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}

/** The path of the product list, for a category and a page's cursor. */
export function productsPath({ category, cursor }: { category?: string | undefined; cursor?: string | undefined } = {}): string {
  const query = new URLSearchParams();
  if (category !== undefined && category !== '') query.set('category', category);
  if (cursor !== undefined) query.set('cursor', cursor);
  const search = query.toString();
  return search === '' ? '/' : `/?${search}`;
}
