/**
 * The cart: which products and how many, kept in the browser's storage so that it survives a reload
 * (and shows in every tab). It also keeps the Idempotency-Key of the order it would become: the same
 * key is sent however often "Place order" is pressed, reloads included, until the cart changes, so a
 * lost answer never places it twice.
 */
export type CartLine = { productId: string; quantity: number };
export type CartState = { lines: CartLine[]; orderKey: string };

const KEY = 'shop.cart';
export const MAX_QUANTITY = 99;

type Listener = (state: CartState) => void;

export class Cart {
  private state: CartState;
  private readonly listeners = new Set<Listener>();
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  private readonly newKey: () => string;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'>, newKey: () => string = () => crypto.randomUUID()) {
    this.storage = storage;
    this.newKey = newKey;
    this.state = this.read();
  }

  get current(): CartState {
    return this.state;
  }

  get count(): number {
    return this.state.lines.reduce((sum, line) => sum + line.quantity, 0);
  }

  /** Adds to what the cart holds of that product (at most MAX_QUANTITY). */
  add(productId: string, quantity: number): void {
    const held = this.state.lines.find((line) => line.productId === productId)?.quantity ?? 0;
    this.set(productId, held + quantity);
  }

  /** Sets how many of a product; 0 takes it out. */
  set(productId: string, quantity: number): void {
    const bounded = Math.min(MAX_QUANTITY, Math.max(0, Math.floor(quantity)));
    const others = this.state.lines.filter((line) => line.productId !== productId);
    const exists = others.length !== this.state.lines.length;
    const lines =
      bounded === 0
        ? others
        : exists
          ? this.state.lines.map((line) => (line.productId === productId ? { productId, quantity: bounded } : line))
          : [...this.state.lines, { productId, quantity: bounded }];
    this.write({ lines, orderKey: this.newKey() });
  }

  /** Empties the cart (its order was placed). */
  clear(): void {
    this.write({ lines: [], orderKey: this.newKey() });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another tab changed the cart: take its state. */
  reload(): void {
    this.state = this.read();
    this.notify();
  }

  private write(state: CartState): void {
    this.state = state;
    this.storage.setItem(KEY, JSON.stringify(state));
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.state);
  }

  /** What storage holds, when it is a cart; an empty cart for anything else (an old or hand-edited value). */
  private read(): CartState {
    try {
      const stored = JSON.parse(this.storage.getItem(KEY) ?? 'null') as Partial<CartState> | null;
      const lines = Array.isArray(stored?.lines) ? stored.lines.filter(isLine) : [];
      const orderKey = typeof stored?.orderKey === 'string' && stored.orderKey.length >= 8 ? stored.orderKey : this.newKey();
      return { lines, orderKey };
    } catch {
      return { lines: [], orderKey: this.newKey() };
    }
  }
}

const isLine = (value: unknown): value is CartLine => {
  const line = value as Partial<CartLine> | null;
  return typeof line?.productId === 'string' && Number.isInteger(line.quantity) && (line.quantity ?? 0) > 0 && (line.quantity ?? 0) <= MAX_QUANTITY;
};

export const CART_STORAGE_KEY = KEY;
