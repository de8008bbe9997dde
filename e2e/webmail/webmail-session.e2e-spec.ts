import {
  rowWith,
  saveScreenshot,
  sessionOf,
  signIn,
  type OpenedPage,
  type PageGlobals,
} from '../support/webmail-browser';
import { plainMessage } from '../support/webmail-messages';
import { type WebmailUser } from '../support/webmail-stack';
import { useWebmailSuite } from '../support/webmail-suite';

describe('webmail in Chromium: sessions, failures and looks', () => {
  const suite = useWebmailSuite();
  let user: WebmailUser;

  beforeAll(async () => {
    user = await suite.stack.createUser('wmsession');
    for (const subject of ['Welcome aboard', 'Quarterly numbers', 'Lunch on Friday']) {
      await suite.stack.deliver(user.address, plainMessage({ to: user.address, subject }));
    }
  });

  const newPage = suite.newPage;

  it('a wrong password shows an inline error; the right one lands on INBOX with the unread count in the title', async () => {
    const { page } = await newPage();
    await page.goto('/mail');
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expectVisible(page.getByTestId('login-error'));
    expect(page.url()).toContain('/login');

    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/mail/);
    await rowWith(page, 'Lunch on Friday').waitFor();
    expect(await page.getByTestId('message-row').count()).toBe(3);
    await expect.poll(() => page.title()).toBe('Inbox (3) – Eider');
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'eider_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('sign-out revokes the token: the old cookie answers 401 at /api/graphql', async () => {
    const { page, context } = await newPage();
    await signIn(page, user);
    const old = await sessionOf(context);
    const ask = () =>
      fetch(`${suite.stack.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: { cookie: old.cookieHeader, 'x-csrf-token': old.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ mailboxes { id } }' }),
      });
    expect((await ask()).status).toBe(200);

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    expect((await context.cookies()).find((cookie) => cookie.name === 'eider_session')).toBeUndefined();
    const after = await ask();
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    // Revoked at the API too, not only forgotten by the browser.
    const direct = await suite.stack.graphql(old.token, '{ mailboxes { id } }');
    expect(direct.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an expired session sends the user to sign in and keeps the draft', async () => {
    const { page, context } = await newPage();
    await signIn(page, user);
    await page.getByTestId('compose-new').click();
    const dialog = page.getByTestId('compose-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('compose-subject').fill('Draft that must survive');
    await dialog.getByTestId('compose-body').click();
    await page.keyboard.type('Half-written thoughts that must not be lost.');
    await expect.poll(() => draftsIn(page)).toContain('Half-written thoughts');

    const { token } = await sessionOf(context);
    const revoked = await fetch(`${suite.stack.api.baseUrl}/authenticate`, {
      method: 'DELETE',
      headers: { 'x-access-token': token },
    });
    expect(revoked.status).toBeLessThan(300);

    await dialog.getByTestId('compose-to').click();
    await page.keyboard.type('someone@remote.example');
    await page.keyboard.press('Enter');
    await dialog.getByTestId('compose-send').click();
    await page.waitForURL(/\/login\?next=/);
    expect(await draftsIn(page)).toContain('Half-written thoughts');

    // Signing in again comes back to the mail app with the draft still there.
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/mail/);
    expect(await draftsIn(page)).toContain('Half-written thoughts');
  });

  it('a failing API shows an inline error with the rest of the app still there, never a white screen', async () => {
    const { page } = await newPage();
    await signIn(page, user);
    await page.route('**/api/graphql', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          errors: [{ message: 'The store is on fire', extensions: { code: 'INTERNAL' } }],
        }),
      }),
    );
    await page.reload();
    // An empty live region may be an alert before the message lands in it; wait for one that says something.
    const alert = page.getByRole('alert').filter({ hasText: /\S/ }).first();
    await expectVisible(alert);
    expect((await alert.textContent())?.trim().length).toBeGreaterThan(0);
    expect((await page.locator('body').innerText()).trim().length).toBeGreaterThan(20);
    await expectVisible(page.getByTestId('search-input'));
    await saveScreenshot(page, 'webmail-api-error');

    // The API recovers: Retry (or a reload) brings the list back.
    await page.unroute('**/api/graphql');
    const retry = page.getByRole('button', { name: /retry/i }).first();
    if ((await retry.count()) > 0) await retry.click();
    else await page.reload();
    await rowWith(page, 'Welcome aboard').waitFor();
  });

  it('dark mode applies and is remembered; a 390x844 phone shows one pane without sideways scrolling', async () => {
    const { page } = await newPage();
    await signIn(page, user);
    await page.getByTestId('theme-select').selectOption('dark');
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset['theme']),
      )
      .toBe('dark');
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.getItem('eider:theme')),
    ).toBe('dark');
    await page.reload();
    // After the reload the theme must hold while the mail loads again, and the screenshot shows it loaded.
    await rowWith(page, 'Quarterly numbers').waitFor();
    expect(
      await page.evaluate(
        () => (globalThis as unknown as PageGlobals).document.documentElement.dataset['theme'],
      ),
    ).toBe('dark');
    expect(await backgroundLuminance(page)).toBeLessThan(0.25);
    await saveScreenshot(page, 'webmail-dark');

    const phone = await newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await signIn(phone.page, user);
    await rowWith(phone.page, 'Quarterly numbers').waitFor();
    expect(
      await phone.page.evaluate(
        () => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    // System theme with a dark preference is dark too.
    expect(await backgroundLuminance(phone.page)).toBeLessThan(0.25);
    await saveScreenshot(phone.page, 'webmail-phone-390x844');
    await rowWith(phone.page, 'Quarterly numbers').click();
    await expectVisible(phone.page.getByTestId('message-subject'));
    expect(await phone.page.getByTestId('message-list').isVisible()).toBe(false);
    await saveScreenshot(phone.page, 'webmail-phone-message');
  });
});

type PageLike = OpenedPage['page'];

const expectVisible = async (locator: ReturnType<PageLike['locator']>): Promise<void> => {
  await locator.waitFor({ state: 'visible' });
};

/** Every draft compose kept in sessionStorage, joined. */
const draftsIn = (page: PageLike): Promise<string> =>
  page.evaluate(() => {
    const storage = (globalThis as unknown as PageGlobals).sessionStorage;
    return Object.keys(storage)
      .filter((key) => key.startsWith('eider:draft:'))
      .map((key) => storage.getItem(key) ?? '')
      .join('\n');
  });

/** Relative luminance (0 black – 1 white) of the page's effective background. */
const backgroundLuminance = (page: PageLike): Promise<number> =>
  page.evaluate(() => {
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const browser = globalThis as unknown as PageGlobals;
    for (const element of [browser.document.body, browser.document.documentElement]) {
      const [r = 0, g = 0, b = 0, a = 1] = parse(browser.getComputedStyle(element).backgroundColor);
      if (a === 0) continue;
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    }
    return 1;
  });
