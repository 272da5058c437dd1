/**
 * The storefront (web/) in a real browser, used as a person uses it: roles and labels as locators,
 * a whole journey per test, on the stack the integration tests share. Every API answer the page gets
 * is checked against the OpenAPI document, and each kind of page (products, cart, order, admin)
 * against axe's WCAG 2.1 AA rules. The journeys make the README's screenshots (test/support/browser.ts says where).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { aPassword, freshEmail, promote } from '../support/auth.ts';
import { accessibilityViolations, launchBrowser, PHONE, screenshot, scrollsSideways, visit, webUrl } from '../support/browser.ts';
import { createProduct } from '../support/catalog.ts';
import { aCustomer, anAdmin } from '../support/client.ts';
import { resourceName, send } from '../support/aws.ts';

/** A journey signs up or in, places two orders and waits for the saga each time: generous on a busy 2-core machine. */
const JOURNEY_MS = 240_000;
/** How long an order may take to end (the saga runs through real queues). */
const SAGA_MS = 60_000;
/** How long the operator's page may take to show a change: its next poll, on a busy machine. */
const POLLED_MS = 30_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

const aCategory = () => `tea-${randomUUID().slice(0, 6)}`;

async function signIn(page: Page, email: string, password = aPassword): Promise<void> {
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const orderState = (page: Page) => page.getByRole('status', { name: 'Order state' });

/** Waits, without reloading, until the order page shows `state`. */
async function untilState(page: Page, state: string): Promise<string> {
  await orderState(page).getByText(state, { exact: true }).waitFor({ timeout: SAGA_MS });
  return orderState(page).innerText();
}

async function addToCart(page: Page, productId: string, quantity = 1): Promise<void> {
  await page.goto(webUrl(`/products/${productId}`));
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByRole('status').getByText(`Added ${quantity} to your cart.`).waitFor();
}

/** From the cart: pays with `card`, places the order and lands on its page. */
async function placeOrder(page: Page, card: string): Promise<void> {
  await page.getByRole('link', { name: /^Cart/ }).click();
  await page.getByRole('radio', { name: card }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
}

describe('the storefront, in a browser', () => {
  it(
    'lets a new customer sign up, find products by category, keep a cart across a reload, order, watch it live to CONFIRMED, be told, and cancel it for a refund',
    async () => {
      const category = aCategory();
      await createProduct({ name: 'Teapot', description: 'Stoneware, 1.2 l.', priceCents: 3400, category, stock: 6 });
      await createProduct({ name: 'Kettle', description: 'Whistles when it boils.', priceCents: 2750, category, stock: 5 });
      await createProduct({ name: 'Tea cups (set of 4)', priceCents: 1800, category, stock: 0 });
      const visitor = await visit(browser);
      const { page } = visitor;
      const email = freshEmail();

      await page.goto(webUrl('/'));
      await page.getByRole('link', { name: 'Sign up' }).waitFor();
      // A keyboard user's first Tab reaches the skip link, which takes them past the navigation.
      await page.keyboard.press('Tab');
      const skipFocused = await page.evaluate<string | undefined>('document.activeElement?.textContent?.trim()');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const skippedTo = await page.evaluate<string | undefined>("document.activeElement?.closest('main, nav')?.tagName");
      await page.getByRole('link', { name: 'Sign up' }).click();
      await page.getByLabel('Name').fill('Grace');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('too short');
      await page.getByRole('button', { name: 'Sign up' }).click();
      const refused = await page.getByRole('alert').innerText();
      await page.getByLabel('Password').fill(aPassword);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      await page.getByLabel('Category').fill(category);
      await page.getByLabel('Category').press('Enter');
      // The heading comes first, the products once the API answers.
      await page.getByRole('heading', { name: `Products in ${category}` }).waitFor();
      await page.getByRole('list', { name: 'Products' }).getByRole('heading', { name: 'Teapot' }).waitFor();
      const listed = await page.getByRole('list', { name: 'Products' }).getByRole('heading').allInnerTexts();
      const booting = await page.getByText('Loading the shop').count();
      await screenshot(page, 'storefront');
      const productsPage = await accessibilityViolations(page);

      await page.getByRole('link', { name: 'Kettle' }).click();
      await page.getByLabel('Quantity').fill('2');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('status').getByText('Added 2 to your cart.').waitFor();
      await page.reload();
      const cartLink = await page.getByRole('link', { name: /^Cart/ }).innerText();
      await page.getByRole('link', { name: /^Cart/ }).click();
      await page.getByRole('row', { name: /Kettle/ }).waitFor();
      const cartPage = await accessibilityViolations(page);
      const total = await page.getByRole('row', { name: /Total/ }).innerText();
      // Set in this page: still there at the end means the order page followed the order without a reload.
      await page.evaluate('window.sameDocument = true');

      await placeOrder(page, 'Visa test card (pays)');
      const confirmed = await untilState(page, 'CONFIRMED');
      const history = await page.getByRole('list').filter({ hasText: 'PENDING' }).innerText();
      const sameDocument = await page.evaluate<boolean | undefined>('window.sameDocument');
      const lines = await page.getByRole('row', { name: /Kettle/ }).innerText();
      await screenshot(page, 'order');
      const orderPage = await accessibilityViolations(page);
      const orderPath = new URL(page.url()).pathname;

      await page.getByRole('link', { name: 'Notifications' }).click();
      // The notification is written once the saga's event reaches its service: a reload until it shows,
      // each given the time the page needs to ask the API.
      const note = page.getByText('Your order is confirmed');
      let told = false;
      for (let tries = 0; !told && tries < 10; tries++) {
        if (tries > 0) await page.reload();
        told = await note.waitFor({ timeout: 3_000 }).then(
          () => true,
          () => false,
        );
      }

      await page.goto(webUrl(orderPath));
      await page.getByRole('button', { name: 'Cancel this order' }).click();
      const cancelled = await untilState(page, 'CANCELLED');
      await page.getByRole('link', { name: 'My orders' }).click();
      const mine = await page.getByRole('table').innerText();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      const cartAfter = await page.getByRole('link', { name: /^Cart/ }).innerText();

      expect(skipFocused).toBe('Skip to content');
      expect(skippedTo).toBe('MAIN');
      expect(refused).toContain('must have at least 10 characters');
      expect(listed).toEqual(['Kettle', 'Tea cups (set of 4)', 'Teapot']);
      expect(productsPage).toEqual([]);
      expect(booting).toBe(0);
      expect(cartLink).toBe('Cart (2)');
      expect(total).toContain('€55.00');
      expect(cartPage).toEqual([]);
      expect(confirmed).toContain('Confirmed');
      expect(history).toMatch(/PENDING[\s\S]*STOCK_RESERVED[\s\S]*CONFIRMED/);
      expect(sameDocument).toBe(true);
      expect(lines).toMatch(/Kettle\s+2\s+€27.50/);
      expect(orderPage).toEqual([]);
      expect(told).toBe(true);
      expect(cancelled).toContain('You cancelled this order. €55.00 was refunded to you.');
      expect(mine).toMatch(/€55.00\s+CANCELLED/);
      expect(cartAfter).toBe('Cart (0)');
      expect(await visitor.leave()).toEqual({ breaches: [], pageErrors: [] });
    },
    JOURNEY_MS,
  );

  it(
    'on a phone, shows an order for more than is in stock as REJECTED and why, and one paid with a declined card as PAYMENT_FAILED',
    async () => {
      const category = aCategory();
      const lamp = await createProduct({ name: 'Tea light', priceCents: 500, category, stock: 1 });
      const mug = await createProduct({ name: 'Mug', priceCents: 1200, category, stock: 3 });
      const { email } = await aCustomer('Phone');
      const visitor = await visit(browser, PHONE);
      const { page } = visitor;

      await page.goto(webUrl('/'));
      await signIn(page, email);
      await addToCart(page, lamp.id, 1);
      await page.getByRole('link', { name: /^Cart/ }).click();
      await page.getByLabel('Quantity of Tea light').fill('2');
      await page.getByLabel('Quantity of Tea light').press('Tab');
      const warning = await page.getByText('Only 1 in stock now').innerText();
      const cartScrolls = await scrollsSideways(page);
      await placeOrder(page, 'Visa test card (pays)');
      const rejected = await untilState(page, 'REJECTED');
      const orderScrolls = await scrollsSideways(page);
      const orderPage = await accessibilityViolations(page);

      await addToCart(page, mug.id);
      await placeOrder(page, 'Test card that is declined');
      const failed = await untilState(page, 'PAYMENT_FAILED');
      const cancellable = await page.getByRole('button', { name: 'Cancel this order' }).count();

      expect(warning).toContain('Only 1 in stock now');
      expect(cartScrolls).toBe(false);
      expect(rejected).toContain('Not enough stock');
      expect(rejected).toContain('Nothing was charged.');
      expect(orderScrolls).toBe(false);
      expect(orderPage).toEqual([]);
      expect(failed).toContain('Your card was declined.');
      expect(failed).toContain('Nothing was charged.');
      expect(cancellable).toBe(0);
      expect(await visitor.leave()).toEqual({ breaches: [], pageErrors: [] });
    },
    JOURNEY_MS,
  );

  it(
    'lets an admin add a product that a customer then finds, and tells an admin whose edit went stale to reload',
    async () => {
      const category = aCategory();
      const name = `Lantern ${randomUUID().slice(0, 4)}`;
      const { email } = await aCustomer('Admin');
      await promote(email);
      const otherAdmin = await anAdmin();
      const admin = await visit(browser);
      const { page } = admin;

      await page.goto(webUrl('/'));
      await signIn(page, email);
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('link', { name: 'Add a product' }).click();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Price').fill('19.90');
      await page.getByLabel('Category').fill(category);
      await page.getByLabel('Stock').fill('4');
      await page.getByRole('button', { name: 'Add the product' }).click();
      await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
      const productId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const adminPage = await accessibilityViolations(page);

      await otherAdmin.products.update(productId, { stock: 9 }, '*');
      await page.getByLabel('Stock').fill('2');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const stale = await page.getByRole('alert').innerText();
      await page.getByRole('button', { name: 'Reload the product' }).click();
      await page.getByText(/^Version 2\b/).waitFor();
      const reloaded = await page.getByLabel('Stock').inputValue();
      await page.getByLabel('Stock').fill('3');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const saved = await page.getByRole('status').getByText(/^Saved/).innerText();

      const customer = await visit(browser);
      await customer.page.goto(webUrl('/'));
      await customer.page.getByLabel('Category').fill(category);
      await customer.page.getByRole('button', { name: 'Show' }).click();
      await customer.page.getByRole('link', { name }).click();
      await customer.page.getByRole('heading', { name, level: 1 }).waitFor();
      const found = await customer.page.getByRole('main').innerText();
      await customer.page.goto(webUrl(`/admin/products/${productId}`));
      const barred = await customer.page.getByRole('heading', { level: 1 }).innerText();

      expect(adminPage).toEqual([]);
      expect(stale).toContain('Someone changed this since you opened it. Reload');
      expect(reloaded).toBe('9');
      expect(saved).toBe(`Saved: ${name}, 3 in stock.`);
      expect(found).toContain(name);
      expect(found).toContain('€19.90');
      expect(found).toContain('3 in stock');
      expect(barred).toBe('Please sign in');
      expect(await admin.leave()).toEqual({ breaches: [], pageErrors: [] });
      expect(await customer.leave()).toEqual({ breaches: [], pageErrors: [] });
    },
    JOURNEY_MS,
  );

  it(
    "shows an admin, on a phone, every service ready, the queues, a customer's order just placed with its timeline, and sends a DLQ's message back to its queue",
    async () => {
      const tin = await createProduct({ name: 'Tea tin', priceCents: 900, category: aCategory(), stock: 5 });
      const customer = await aCustomer('Watched');
      const { email } = await aCustomer('Operator');
      await promote(email);
      const operator = await visit(browser, PHONE);
      const { page } = operator;

      await page.goto(webUrl('/'));
      await signIn(page, email);
      await page.getByRole('link', { name: 'Operations' }).click();
      const services = page.getByRole('table', { name: 'Services' });
      await services.getByRole('cell', { name: 'Ready', exact: true }).first().waitFor({ timeout: POLLED_MS });
      // A service still starting on a busy machine reads as not ready for a poll or two.
      await services.getByRole('cell', { name: 'Not ready' }).first().waitFor({ state: 'detached', timeout: POLLED_MS });
      const serviceRows = await services.locator('tbody tr').allInnerTexts();
      const queues = page.getByRole('table', { name: 'Queues' });
      const breakers = page.getByRole('table', { name: 'Circuit breakers' });
      await queues.waitFor({ timeout: POLLED_MS });
      await breakers.waitFor({ timeout: POLLED_MS });
      const queueRows = await queues.locator('tbody tr').allInnerTexts();
      const breakerRows = await breakers.locator('tbody tr').allInnerTexts();
      // Placed while the page is open: it shows up by the page's own refresh.
      const placed = await customer.shop.orders.place([{ productId: tin.id, quantity: 1 }]);
      const ended = await customer.shop.orders.waitFor(placed.id, { timeoutMs: SAGA_MS });
      const timeline = page.getByRole('list', { name: `Timeline of order ${placed.id.slice(0, 8)}` });
      await timeline.getByText(ended.state, { exact: true }).waitFor({ timeout: POLLED_MS });
      const steps = await timeline.innerText();
      await page.getByLabel('In state').selectOption('REJECTED');
      await timeline.waitFor({ state: 'detached', timeout: POLLED_MS });
      await page.getByLabel('In state').selectOption(ended.state);
      await timeline.waitFor({ timeout: POLLED_MS });

      // As an event that failed every delivery would be: whole, in the notifications DLQ.
      const messageId = randomUUID();
      await send(resourceName('notifications-order-events-dlq'), {
        messageId,
        type: 'OrderConfirmed',
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: `operator-${placed.id}`,
        data: { orderId: placed.id, customerId: customer.user.id, customerEmail: customer.email, totalCents: 900, currency: 'EUR' },
      });
      await page.getByLabel('Service', { exact: true }).selectOption('notifications');
      await page.getByRole('button', { name: 'Show its DLQ' }).click();
      const letters = page.getByRole('list', { name: 'Messages in the notifications DLQ' });
      await letters.getByText(messageId).waitFor();
      const scrolls = await scrollsSideways(page);
      await screenshot(page, 'operations');
      const operationsPage = await accessibilityViolations(page);
      await page.getByRole('button', { name: 'Send the notifications DLQ back to its queue' }).click();
      const sentBack = await page.getByRole('status').getByText(/^Sent \d+ messages? of the notifications DLQ back/).innerText();
      const left = await page.getByText(messageId).count();

      expect(serviceRows.length).toBeGreaterThanOrEqual(5);
      for (const row of serviceRows) expect(row).toMatch(/\bReady$/);
      expect(serviceRows.join('\n')).toMatch(/^orders\b/m);
      expect(queueRows.length).toBeGreaterThanOrEqual(4);
      expect(queueRows.join('\n')).toContain('stock-commands');
      expect(breakerRows.length).toBeGreaterThanOrEqual(2);
      expect(ended.state).toBe('CONFIRMED');
      expect(steps).toMatch(/PENDING[\s\S]*STOCK_RESERVED[\s\S]*CONFIRMED/);
      expect(steps).toMatch(/\+\d+\.\d s\s+by \w+/);
      expect(scrolls).toBe(false);
      expect(operationsPage).toEqual([]);
      expect(sentBack).toMatch(/^Sent [1-9]\d* messages?/);
      expect(left).toBe(0);
      expect(await operator.leave()).toEqual({ breaches: [], pageErrors: [] });
    },
    JOURNEY_MS,
  );
});
