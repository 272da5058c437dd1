/**
 * The storefront's frame: the API client and the signed-in user, the cart, the page the URL names,
 * and the navigation between pages without reloads (links stay links: they open in a new tab as well).
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useErrorBoundary, useMemo, useRef, useState } from 'preact/hooks';
import type { ShopClient, User } from '@shop/client';
import { Cart, CART_STORAGE_KEY } from './cart';
import type { StorefrontConfig } from './config';
import { routeOf, type AdminRoute, type Route } from './routes';
import { connect, SESSION_STORAGE_KEY } from './session';
import { Problem } from './ui';
import { AdminProductPage, AdminProductsPage, NewProductPage } from './pages/admin';
import { OperationsPage } from './pages/operations';
import { CartPage } from './pages/cart';
import { NotificationsPage } from './pages/notifications';
import { OrderPage, OrdersPage } from './pages/orders';
import { ProductPage, ProductsPage } from './pages/products';
import { SignInPage, SignUpPage } from './pages/account';

type Shop = {
  shop: ShopClient;
  /** The signed-in user; undefined when signed out, null while still asking (or when asking failed: `accountError`). */
  user: User | undefined | null;
  accountError: unknown;
  /** After sign-in or sign-up: ask who it is. */
  signedIn: () => Promise<void>;
  signOut: () => Promise<void>;
  cart: Cart;
  navigate: (path: string, options?: { replace?: boolean }) => void;
};

const ShopContext = createContext<Shop | undefined>(undefined);

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (shop === undefined) throw new Error('useShop outside <App>');
  return shop;
}

const here = (): Route => routeOf(location.pathname, location.search);

export function App({ config }: { config: StorefrontConfig }) {
  const [user, setUser] = useState<User | undefined | null>(null);
  const [accountError, setAccountError] = useState<unknown>(undefined);
  const [route, setRoute] = useState<Route>(here);
  const [sessionRound, setSessionRound] = useState(0);
  const cart = useMemo(() => new Cart(localStorage), []);
  const moved = useRef(false);

  const onSession = useCallback((session: unknown) => {
    if (session === undefined) setUser(undefined);
  }, []);
  // A new client when another tab signs in, out or refreshes: it starts from the session that tab stored.
  const shop = useMemo(() => connect(config.apiUrl, localStorage, onSession), [config.apiUrl, onSession, sessionRound]);

  const whoAmI = useCallback(async () => {
    setAccountError(undefined);
    if (shop.session === undefined) return setUser(undefined);
    setUser(null);
    try {
      setUser(await shop.me.get());
    } catch (error) {
      // A session the API no longer takes is a signed-out one (the client has dropped it); any other failure is said.
      if (shop.session === undefined) setUser(undefined);
      else setAccountError(error);
    }
  }, [shop]);

  useEffect(() => void whoAmI(), [whoAmI]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === CART_STORAGE_KEY) cart.reload();
      if (event.key === SESSION_STORAGE_KEY) setSessionRound((round) => round + 1);
    };
    addEventListener('storage', onStorage);
    return () => removeEventListener('storage', onStorage);
  }, [cart]);

  const navigate = useCallback((path: string, { replace = false } = {}) => {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    moved.current = true;
    setRoute(here());
    scrollTo(0, 0);
  }, []);

  useEffect(() => {
    const onPop = () => {
      moved.current = true;
      setRoute(here());
    };
    // Plain links to this site move between pages in place; modified clicks (new tab) are left to the browser.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest('a');
      if (link === null || link === undefined || link.target !== '' || link.hasAttribute('download') || link.origin !== location.origin) return;
      // A link within this page (the skip link) is the browser's to follow.
      if (link.hash !== '' && link.pathname === location.pathname && link.search === location.search) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}`);
    };
    addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }, [navigate]);

  // After a move to another page, focus its heading: a keyboard or screen reader user starts there.
  useEffect(() => {
    if (!moved.current) return;
    document.querySelector<HTMLElement>('main h1')?.focus();
  });

  const signOut = useCallback(async () => {
    try {
      await shop.signOut();
    } finally {
      setUser(undefined);
      navigate('/');
    }
  }, [shop, navigate]);

  const value = useMemo<Shop>(() => ({ shop, user, accountError, signedIn: whoAmI, signOut, cart, navigate }), [shop, user, accountError, whoAmI, signOut, cart, navigate]);

  return (
    <ShopContext.Provider value={value}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Boundary key={JSON.stringify(route)}>
          <Page route={route} />
        </Boundary>
      </main>
      <footer>
        <p>
          A demo shop. Payments use Stripe's test cards: no money moves. <a href={`${config.apiUrl}/docs`}>The API</a>
        </p>
      </footer>
    </ShopContext.Provider>
  );
}

function Header() {
  const { user, cart, signOut } = useShop();
  const [count, setCount] = useState(cart.count);
  useEffect(() => cart.subscribe(() => setCount(cart.count)), [cart]);
  return (
    <header>
      <nav aria-label="Main">
        <a class="brand" href="/">
          Shop
        </a>
        <ul>
          <li>
            <a href="/">Products</a>
          </li>
          <li>
            <a href="/cart">Cart ({count})</a>
          </li>
          {user !== undefined && user !== null && (
            <>
              <li>
                <a href="/orders">My orders</a>
              </li>
              <li>
                <a href="/notifications">Notifications</a>
              </li>
              {user.role === 'admin' && (
                <>
                  <li>
                    <a href="/admin">Admin</a>
                  </li>
                  <li>
                    <a href="/admin/operations">Operations</a>
                  </li>
                </>
              )}
            </>
          )}
        </ul>
        <div class="account">
          {user === undefined && (
            <>
              <a href="/sign-in">Sign in</a>
              <a href="/sign-up">Sign up</a>
            </>
          )}
          {user !== undefined && user !== null && (
            <>
              <span class="who">{user.name}</span>
              <button type="button" class="link" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'products':
      return <ProductsPage category={route.category} cursor={route.cursor} />;
    case 'product':
      return <ProductPage id={route.id} />;
    case 'cart':
      return <CartPage />;
    case 'sign-in':
      return <SignInPage next={route.next} />;
    case 'sign-up':
      return <SignUpPage next={route.next} />;
    case 'orders':
      return <OrdersPage />;
    case 'order':
      return <OrderPage id={route.id} />;
    case 'notifications':
      return <NotificationsPage />;
    case 'admin':
      return <SignedIn admin>{() => <AdminPage route={route.admin} />}</SignedIn>;
    case 'not-found':
      return <NotFound />;
  }
}

/** The admins' pages, shown to a signed-in admin only (Page guards them all at once). */
function AdminPage({ route }: { route: AdminRoute }) {
  switch (route.page) {
    case 'products':
      return <AdminProductsPage />;
    case 'new-product':
      return <NewProductPage />;
    case 'product':
      return <AdminProductPage id={route.id} />;
    case 'operations':
      return <OperationsPage />;
  }
}

function NotFound() {
  return (
    <>
      <h1 tabIndex={-1}>Not found</h1>
      <p>
        There is no page here. <a href="/">See the products</a>.
      </p>
    </>
  );
}

/** A page that fails while rendering shows the failure in words, never a blank page. */
function Boundary({ children }: { children: ComponentChildren }) {
  const boundary: [unknown, () => void] = useErrorBoundary();
  const [error, reset] = boundary;
  if (error !== undefined) {
    return (
      <Problem error={error}>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </Problem>
    );
  }
  return <>{children}</>;
}

/** For pages that need a signed-in user: what to show while asking, or the way to sign in. */
export function SignedIn({ children, admin = false }: { children: () => ComponentChildren; admin?: boolean }) {
  const { user, accountError, signedIn } = useShop();
  if (user === null && accountError !== undefined) {
    return (
      <Problem error={accountError}>
        <button type="button" onClick={() => void signedIn()}>
          Try again
        </button>
      </Problem>
    );
  }
  if (user === null) return <p role="status">Checking your session…</p>;
  if (user === undefined) {
    const next = `${location.pathname}${location.search}`;
    return (
      <>
        <h1 tabIndex={-1}>Please sign in</h1>
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</a> or <a href={`/sign-up?next=${encodeURIComponent(next)}`}>open an account</a> to see
          this page.
        </p>
      </>
    );
  }
  if (admin && user.role !== 'admin') {
    return (
      <>
        <h1 tabIndex={-1}>Admins only</h1>
        <p>This page is for the shop's admins.</p>
      </>
    );
  }
  return <>{children()}</>;
}
