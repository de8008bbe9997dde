import type { Locator, Page } from 'playwright-core';
import {
  folder,
  rowWith,
  signIn,
  unreadCount,
  type PageElement,
  type PageGlobals,
} from '../support/webmail-browser';
import { plainMessage } from '../support/webmail-messages';
import { type WebmailUser } from '../support/webmail-stack';
import { useWebmailSuite } from '../support/webmail-suite';

interface ListedMessage {
  subject: string;
  flagged: boolean;
  hasAttachments: boolean;
}
const MAILBOXES = '{ mailboxes { id path specialUse } }';
const MESSAGES =
  'query ($m: ID!) { messages(mailboxId: $m, first: 100) { edges { node { subject flagged hasAttachments } } } }';

describe('webmail in Chromium: triage, compose and live updates', () => {
  const suite = useWebmailSuite();

  const freshUser = async (label: string, subjects: string[]): Promise<WebmailUser> => {
    const user = await suite.stack.createUser(label);
    // Dates one minute apart, oldest first, so the list order (newest on top) is known.
    const base = Date.now() - subjects.length * 60_000;
    for (const [index, subject] of subjects.entries()) {
      await suite.stack.deliver(
        user.address,
        plainMessage({ to: user.address, subject, date: new Date(base + index * 60_000) }),
      );
    }
    return user;
  };
  const signedIn = async (user: WebmailUser): Promise<Page> => {
    const page = await suite.newPage();
    await signIn(page.page, user);
    return page.page;
  };
  /** Messages per mailbox path (and per special use), straight from the API. */
  const listed = async (user: WebmailUser): Promise<Map<string, ListedMessage[]>> => {
    const boxes = await suite.stack.graphql<{
      mailboxes: { id: string; path: string; specialUse: string | null }[];
    }>(user.token, MAILBOXES);
    const map = new Map<string, ListedMessage[]>();
    for (const box of boxes.data!.mailboxes) {
      const page = await suite.stack.graphql<{ messages: { edges: { node: ListedMessage }[] } }>(
        user.token,
        MESSAGES,
        {
          m: box.id,
        },
      );
      const messages = page.data!.messages.edges.map((edge) => edge.node);
      map.set(box.path, messages);
      if (box.specialUse) map.set(box.specialUse, messages);
    }
    return map;
  };
  const contents = async (user: WebmailUser): Promise<Map<string, string[]>> =>
    new Map(
      [...(await listed(user))].map(([path, messages]) => [path, messages.map((m) => m.subject).sort()]),
    );

  it('moves a message by dragging it onto a folder: lists and counts follow', async () => {
    const user = await freshUser('wmdrag', ['Stay here', 'Move me to receipts']);
    await suite.stack.graphql(user.token, 'mutation { createMailbox(path: "Receipts") { id } }');
    const page = await signedIn(user);
    await rowWith(page, 'Move me to receipts').waitFor();
    await expect.poll(() => unreadCount(page, 'INBOX')).toBe(2);

    await rowWith(page, 'Move me to receipts').dragTo(folder(page, 'Receipts'));
    await rowWith(page, 'Move me to receipts').waitFor({ state: 'detached' });
    await expect.poll(() => unreadCount(page, 'Receipts')).toBe(1);
    await expect.poll(() => unreadCount(page, 'INBOX')).toBe(1);
    expect((await contents(user)).get('Receipts')).toEqual(['Move me to receipts']);

    await folder(page, 'Receipts').click();
    await rowWith(page, 'Move me to receipts').waitFor();
    expect(await rowWith(page, 'Stay here').count()).toBe(0);
  });

  it('deletes a message and puts it back with Undo', async () => {
    const user = await freshUser('wmundo', ['Keep around', 'Delete me, then undo']);
    const page = await signedIn(user);
    await rowWith(page, 'Delete me, then undo').click();
    await page.getByTestId('action-delete').click();
    await rowWith(page, 'Delete me, then undo').waitFor({ state: 'detached' });
    const toast = page.getByTestId('toast');
    await toast.waitFor();
    await expect.poll(async () => (await contents(user)).get('\\Trash')).toEqual(['Delete me, then undo']);

    await toast.getByTestId('toast-undo').click();
    await rowWith(page, 'Delete me, then undo').waitFor();
    const after = await contents(user);
    expect(after.get('INBOX')).toEqual(['Delete me, then undo', 'Keep around']);
    expect(after.get('\\Trash')).toEqual([]);
  });

  it('composes and sends with an attachment: the relay receives it and Sent keeps a copy', async () => {
    const user = await freshUser('wmsend', ['Hello there']);
    const page = await signedIn(user);
    await page.getByTestId('compose-new').click();
    const dialog = page.getByTestId('compose-dialog');
    await dialog.waitFor();
    await addRecipient(page, dialog.getByTestId('compose-to'), 'friend@remote.example');
    await dialog.getByTestId('compose-subject').fill('Report with attachment');
    await dialog.getByTestId('compose-body').click();
    await page.keyboard.type('Please find the notes attached.');
    const notes = Buffer.from('line one of the notes\nline two of the notes\n');
    await dialog
      .getByTestId('compose-attach')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: notes });
    const attachment = dialog.locator('[data-testid="compose-attachment"][data-filename="notes.txt"]');
    await attachment.waitFor();
    await dialog.getByTestId('compose-send').click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });

    await expect
      .poll(
        () => suite.stack.sink.messages.find((message) => message.raw.includes('Report with attachment')),
        {
          timeout: 10_000,
        },
      )
      .toBeDefined();
    const relayed = suite.stack.sink.messages.find((message) =>
      message.raw.includes('Report with attachment'),
    )!;
    expect(relayed.to).toEqual(['friend@remote.example']);
    expect(relayed.from).toBe(user.address);
    expect(relayed.raw).toMatch(/filename="?notes\.txt"?/);
    expect(relayed.raw.replace(/\r?\n/g, '')).toContain(notes.toString('base64'));
    expect(relayed.raw).toContain('Please find the notes attached.');

    expect((await listed(user)).get('\\Sent')).toEqual([
      expect.objectContaining({ subject: 'Report with attachment', hasAttachments: true }),
    ]);
    await page.locator('[data-testid="folder"][data-special-use="\\\\Sent"]').click();
    await rowWith(page, 'Report with attachment').waitFor();
  });

  it('shows mail delivered over LMTP in the open list within 2 seconds', async () => {
    const user = await freshUser('wmlive', ['Already here']);
    const page = await signedIn(user);
    await rowWith(page, 'Already here').waitFor();
    // Give the live stream a moment to open before measuring.
    await page.waitForTimeout(1000);
    const started = Date.now();
    await suite.stack.deliver(
      user.address,
      plainMessage({ to: user.address, subject: 'Fresh off the wire' }),
    );
    await rowWith(page, 'Fresh off the wire').waitFor({ timeout: 10_000 });
    const elapsed = Date.now() - started;
    process.stderr.write(`webmail e2e: LMTP delivery to visible row in ${elapsed} ms\n`);
    expect(elapsed).toBeLessThan(2000);
    await expect.poll(() => unreadCount(page, 'INBOX')).toBe(2);
    await expect.poll(() => page.title()).toBe('Inbox (2) – Eider');
  });

  it('triages with the keyboard only: j/k, o, u, s, e, #, ?, c and Escape', async () => {
    const user = await freshUser('wmkeys', ['Key one', 'Key two', 'Key three', 'Key four']);
    const session = await suite.newPage();
    const { page } = session;
    await page.addInitScript(() => {
      const browser = globalThis as unknown as PageGlobals;
      const counts = { pointer: 0 };
      browser.__pointerEvents = counts;
      browser.addEventListener('pointerdown', () => counts.pointer++, true);
    });
    await page.goto('/login');
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL(/\/mail/);
    await rowWith(page, 'Key four').waitFor();
    const keys = async (...pressed: string[]) => {
      for (const key of pressed) await page.keyboard.press(key);
    };

    // The cursor starts on the top row (as in Gmail); k cannot move above it.
    await keys('k');
    await expect.poll(() => currentRow(page)).toContain('Key four');
    await keys('j', 'j');
    await expect.poll(() => currentRow(page)).toContain('Key two');
    await keys('k');
    await expect.poll(() => currentRow(page)).toContain('Key three');

    await keys('o');
    await expect.poll(() => page.getByTestId('message-subject').textContent()).toBe('Key three');
    await keys('s');
    await expect.poll(() => rowWith(page, 'Key three').getAttribute('data-flagged')).toBe('true');
    await keys('u');
    await expect
      .poll(() =>
        page.evaluate(() =>
          Boolean(
            (globalThis as unknown as PageGlobals).document.activeElement?.closest(
              '[data-testid="message-list"]',
            ),
          ),
        ),
      )
      .toBe(true);

    await keys('e');
    await rowWith(page, 'Key three').waitFor({ state: 'detached' });
    const target = await currentRow(page);
    expect(target).toMatch(/Key (two|four)/);
    const deleted = target.includes('Key two') ? 'Key two' : 'Key four';
    await keys('#');
    await rowWith(page, deleted).waitFor({ state: 'detached' });

    await keys('?');
    await page.getByTestId('keyboard-help').waitFor();
    await keys('Escape');
    await page.getByTestId('keyboard-help').waitFor({ state: 'hidden' });
    await keys('c');
    await page.getByTestId('compose-dialog').waitFor();
    await keys('Escape');
    await page.getByTestId('compose-dialog').waitFor({ state: 'hidden' });

    // The actions are optimistic: the list changed at once, the server follows (archiving may first create
    // the folder). The archive is the \\Archive folder, or "Archive" when the app had to create one.
    await expect
      .poll(async () => {
        const after = await contents(user);
        return { archive: after.get('\\Archive') ?? after.get('Archive'), trash: after.get('\\Trash') };
      })
      .toEqual({ archive: ['Key three'], trash: [deleted] });
    const archived = await listed(user).then((all) => all.get('\\Archive') ?? all.get('Archive'));
    expect(archived?.[0]?.flagged).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pointerEvents?.pointer)).toBe(
      0,
    );
  });
});

/** Types an address into a recipient field (the field itself or a token input inside it) and commits it. */
const addRecipient = async (page: Page, field: Locator, address: string): Promise<void> => {
  const tag = await field.evaluate((element: PageElement) => element.tagName);
  const input = tag === 'INPUT' || tag === 'TEXTAREA' ? field : field.locator('input').first();
  await input.click();
  await page.keyboard.type(address);
  await page.keyboard.press('Enter');
};

/** Text of the row the keyboard is on: the focused row, else the one marked selected. */
const currentRow = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const focused = document.activeElement?.closest('[data-testid="message-row"]');
    const row =
      focused ??
      document.querySelector('[data-testid="message-row"][aria-selected="true"]') ??
      document.querySelector('[data-testid="message-row"][data-selected="true"]');
    return row?.textContent ?? '';
  });
