/**
 * A real headless browser on the storefront the test stack serves (SHOP_WEB_URL): Debian's
 * chromium-headless-shell driven by playwright-core (no browser download). Every API answer the page
 * gets is checked against the OpenAPI document, as the other integration tests' answers are.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { contractBreach } from './openapi-check.ts';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium-headless-shell';
/**
 * What a sandboxed machine needs: no sandbox (root), and none of the background connections a closed
 * network refuses. Playwright gives each launch a fresh profile of its own.
 */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1200, height: 800 } };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium-headless-shell (apt-get update && apt-get install -y chromium-headless-shell), as .ci/run does.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
}

export function webUrl(path: string): string {
  const base = process.env.SHOP_WEB_URL;
  if (base === undefined) throw new Error('SHOP_WEB_URL is not set: run the integration tests through jest.');
  return `${base}${path}`;
}

export type Visit = {
  page: Page;
  /**
   * Closes the profile once the answers it got are judged. Gives the answers the API gave the page that
   * its OpenAPI document does not describe, and the errors the page's scripts threw and did not catch:
   * both should be empty.
   */
  leave(): Promise<{ breaches: string[]; pageErrors: string[] }>;
};

/** What the API answered, or undefined when the page moved on or closed before the body came: nothing to judge. */
async function answerOf(response: Response): Promise<{ headers: Headers; text: string } | undefined> {
  try {
    return { headers: new Headers(await response.allHeaders()), text: await response.text() };
  } catch {
    return undefined;
  }
}

/** A new browser profile (its own storage) with one page, its API answers checked against the document. */
export async function visit(browser: Browser, device: typeof DESKTOP | typeof PHONE = DESKTOP): Promise<Visit> {
  const context = await browser.newContext({ ...device, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  context.setDefaultTimeout(20_000);
  const breaches: string[] = [];
  const judging = new Set<Promise<void>>();
  const api = process.env.SHOP_API_URL ?? '';
  context.on('response', (response) => {
    const request = response.request();
    // Preflights are CORS, answered by the gateway, not operations of the document.
    if (!response.url().startsWith(api) || request.method() === 'OPTIONS') return;
    const judged = answerOf(response)
      .then((answer) => answer && contractBreach({ method: request.method(), url: response.url(), status: response.status(), ...answer }))
      .then(
        (breach) => void (breach && breaches.push(breach)),
        (error: unknown) => void breaches.push(`${request.method()} ${response.url()} could not be checked: ${String(error)}`),
      )
      .finally(() => judging.delete(judged));
    judging.add(judged);
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const leave = async () => {
    await Promise.all(judging);
    await context.close();
    return { breaches, pageErrors };
  };
  return { page, leave };
}

/**
 * Where the tests put their screenshots: .local/screenshots/ by default, so that a test run leaves the
 * work tree as it was; docs/images/ with SHOP_SCREENSHOTS=docs (`npm run docs:screenshots`), for the README.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.SHOP_SCREENSHOTS === 'docs' ? join(ROOT, 'docs', 'images') : join(ROOT, '.local', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** What axe finds on the page against WCAG 2.1 A and AA (labels, contrast, roles, names): one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations.map(({ id, help, nodes }) => `${id}: ${help} (${nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/** Whether the page is wider than the screen (a phone would have to scroll sideways). */
export const scrollsSideways = (page: Page): Promise<boolean> => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
