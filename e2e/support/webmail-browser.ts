import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchDebianChromium } from '@eider/testing';
import { workspaceRoot } from './launcher';
import type { WebmailUser } from './webmail-stack';

export const ARTIFACTS_DIR = join(workspaceRoot, 'e2e/artifacts');

/** Debian's Chromium, driven by playwright-core; never a downloaded browser build. */
export const launchChromium = (): Promise<Browser> => launchDebianChromium('the webmail e2e tests');

/**
 * Records every request a page (and its frames) makes, so a test can fail on any that leaves the webmail's
 * origin: remote images, fonts, trackers, or a script the sanitiser let through.
 */
export class NetworkGuard {
  readonly requests: string[] = [];

  constructor(
    page: Page,
    private readonly origin: string,
  ) {
    page.on('request', (request: Request) => void this.requests.push(request.url()));
  }

  /** Requests to any other origin; data:, blob: and about: URLs never leave the browser. */
  foreign(): string[] {
    return this.requests.filter((url) => {
      if (/^(data|blob|about):/i.test(url)) return false;
      try {
        return new URL(url).origin !== this.origin;
      } catch {
        return true;
      }
    });
  }

  assertClean(): void {
    const foreign = this.foreign();
    if (foreign.length > 0) throw new Error(`requests left the webmail origin:\n${foreign.join('\n')}`);
  }
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  guard: NetworkGuard;
}

/** A fresh context (own cookies and storage) with one page whose requests are guarded. */
export const openPage = async (
  browser: Browser,
  baseUrl: string,
  options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
): Promise<OpenedPage> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, guard: new NetworkGuard(page, new URL(baseUrl).origin) };
};

/** Signs in through the login form and waits for the mail app. */
export const signIn = async (page: Page, user: Pick<WebmailUser, 'username' | 'password'>): Promise<void> => {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/mail(\?|$)/);
  await page.getByTestId('message-list').waitFor();
};

/** The message row whose text contains `subject` (subjects in these tests are unique). */
export const rowWith = (page: Page, subject: string) =>
  page.getByTestId('message-row').filter({ hasText: subject });

export const folder = (page: Page, path: string) =>
  page.getByTestId('folder-list').locator(`[data-testid="folder"][data-path="${path}"]`);

/** The unread count a folder shows; 0 when the count is hidden. */
export const unreadCount = async (page: Page, path: string): Promise<number> => {
  const badge = folder(page, path).getByTestId('folder-unread');
  if ((await badge.count()) === 0) return 0;
  const text = (await badge.first().textContent())?.trim() ?? '';
  return text === '' ? 0 : Number(text);
};

export const saveScreenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
};

/** What the page showed when a test failed, named after the test. */
export const saveFailureScreenshot = async (page: Page, testName: string): Promise<void> => {
  const name = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60);
  await saveScreenshot(page, `failed-${name}`).catch(() => undefined);
};

/** The BFF's session cookie value, `<userId>.<apiToken>`, split. */
export const sessionOf = async (
  context: BrowserContext,
): Promise<{ userId: string; token: string; cookieHeader: string; csrf: string }> => {
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === 'eider_session');
  const csrf = cookies.find((cookie) => cookie.name === 'eider_csrf');
  if (!session || !csrf) throw new Error('no session cookies after sign-in');
  const value = decodeURIComponent(session.value);
  const dot = value.indexOf('.');
  return {
    userId: value.slice(0, dot),
    token: value.slice(dot + 1),
    cookieHeader: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '),
    csrf: decodeURIComponent(csrf.value),
  };
};

export interface PageElement {
  tagName: string;
  textContent: string | null;
  getAttribute: (name: string) => string | null;
  closest: (selector: string) => PageElement | null;
}

/**
 * The browser globals the tests read inside `page.evaluate` callbacks, which run in the page. e2e compiles
 * without the DOM library, so such callbacks reach them as `(globalThis as unknown as PageGlobals)`.
 */
export interface PageGlobals {
  document: {
    documentElement: PageElement & { dataset: Record<string, string | undefined>; scrollWidth: number };
    body: PageElement;
    activeElement: PageElement | null;
    querySelector: (selector: string) => PageElement | null;
  };
  localStorage: { getItem: (key: string) => string | null };
  sessionStorage: Record<string, string> & { getItem: (key: string) => string | null };
  getComputedStyle: (element: PageElement) => { backgroundColor: string };
  addEventListener: (type: string, listener: () => void, capture: boolean) => void;
  __pwned?: unknown;
  __pointerEvents?: { pointer: number };
}
