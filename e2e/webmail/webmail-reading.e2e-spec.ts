import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import {
  rowWith,
  signIn,
  type OpenedPage,
  type PageElement,
  type PageGlobals,
} from '../support/webmail-browser';
import {
  attachmentMessage,
  hostileBodies,
  htmlMessage,
  inlineImageMessage,
  plainMessage,
} from '../support/webmail-messages';
import { type WebmailUser } from '../support/webmail-stack';
import { useWebmailSuite } from '../support/webmail-suite';

const MAILBOXES = '{ mailboxes { id path specialUse } }';

describe('webmail in Chromium: reading, conversations, search and hostile HTML', () => {
  const suite = useWebmailSuite();

  const signedIn = async (user: WebmailUser): Promise<OpenedPage> => {
    const page = await suite.newPage();
    await signIn(page.page, user);
    return page;
  };
  const mailboxIds = async (user: WebmailUser): Promise<Map<string, string>> => {
    const answer = await suite.stack.graphql<{
      mailboxes: { id: string; path: string; specialUse: string | null }[];
    }>(user.token, MAILBOXES);
    return new Map(
      answer.data!.mailboxes.flatMap(
        (box) =>
          [[box.path, box.id], ...(box.specialUse ? [[box.specialUse, box.id]] : [])] as [string, string][],
      ),
    );
  };

  it('renders an HTML mail with its inline cid image inside a sandboxed frame without scripts', async () => {
    const user = await suite.stack.createUser('wmread');
    await suite.stack.deliver(user.address, inlineImageMessage({ to: user.address, subject: 'Logo inside' }));
    const { page } = await signedIn(user);
    await rowWith(page, 'Logo inside').click();
    await expect.poll(() => page.getByTestId('message-subject').textContent()).toBe('Logo inside');
    const frameElement = page.getByTestId('message-body-frame');
    const sandbox = (await frameElement.getAttribute('sandbox')) ?? 'missing';
    expect(sandbox).not.toBe('missing');
    expect(sandbox).not.toMatch(/allow-scripts|allow-same-origin/);
    const image = page.frameLocator('[data-testid="message-body-frame"]').locator('img[alt="logo"]');
    await image.waitFor();
    await expect
      .poll(
        () =>
          image.evaluate((element) => {
            const image = element as unknown as { complete: boolean; naturalWidth: number };
            return image.complete ? image.naturalWidth : 0;
          }),
        {
          timeout: 5000,
        },
      )
      .toBeGreaterThan(0);
    // Inlined, not fetched by the frame: a sandboxed frame cannot send our cookies.
    expect(await image.getAttribute('src')).toMatch(/^(data|blob):/);
  });

  it('opens a conversation: the reply in Sent and the original in INBOX are grouped', async () => {
    const user = await suite.stack.createUser('wmthread');
    const messageId = `kickoff-${Date.now()}@example.org`;
    await suite.stack.deliver(
      user.address,
      plainMessage({ to: user.address, subject: 'Project kickoff', messageId }),
    );
    await suite.stack.deliver(user.address, plainMessage({ to: user.address, subject: 'Unrelated note' }));
    const boxes = await mailboxIds(user);
    const inbox = await suite.stack.graphql<{
      messages: { edges: { node: { id: string; subject: string } }[] };
    }>(
      user.token,
      'query ($m: ID!) { messages(mailboxId: $m, first: 10) { edges { node { id subject } } } }',
      { m: boxes.get('INBOX') },
    );
    const original = inbox.data!.messages.edges.find((edge) => edge.node.subject === 'Project kickoff')!.node;
    const sent = await suite.stack.graphql(
      user.token,
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      {
        input: {
          to: [{ address: 'sender@example.org' }],
          text: 'Count me in.',
          reference: { id: original.id, action: 'REPLY' },
        },
      },
    );
    expect(sent.errors).toBeUndefined();

    const { page } = await signedIn(user);
    await page.getByTestId('conversation-toggle').click();
    const thread = page.getByTestId('thread-row').filter({ hasText: 'Project kickoff' });
    await thread.waitFor();
    expect(await page.getByTestId('thread-row').filter({ hasText: 'Unrelated note' }).count()).toBe(1);
    await thread.click();
    const members = thread.locator('xpath=..').locator('[data-message-id]');
    await expect.poll(() => members.count()).toBe(2);
    const ids = await members.evaluateAll((elements: PageElement[]) =>
      elements.map((element) => element.getAttribute('data-message-id') ?? ''),
    );
    expect(ids.map((id) => id.split(':')[0]).sort()).toEqual(
      [boxes.get('INBOX'), boxes.get('\\Sent')].sort(),
    );
    await members.nth(1).click();
    await expect.poll(() => page.getByTestId('message-subject').textContent()).toMatch(/Project kickoff/);
  });

  it('searches with operators: from:, has:attachment, is:unread and in: each return exactly the matching mail', async () => {
    const user = await suite.stack.createUser('wmsearch');
    const mail = [
      { subject: 'Alpha from carol', from: 'Carol <carol@remote.example>' },
      { subject: 'Beta from carol with file', from: 'Carol <carol@remote.example>', file: 'beta.pdf' },
      { subject: 'Gamma from dan with file', from: 'Dan <dan@remote.example>', file: 'gamma.txt' },
      { subject: 'Delta from dan', from: 'Dan <dan@remote.example>' },
    ];
    for (const message of mail) {
      const raw = message.file
        ? attachmentMessage({
            to: user.address,
            ...message,
            filename: message.file,
            content: Buffer.from('attached'),
          })
        : plainMessage({ to: user.address, ...message });
      await suite.stack.deliver(user.address, raw);
    }
    const boxes = await mailboxIds(user);
    const created = await suite.stack.graphql<{ createMailbox: { id: string } }>(
      user.token,
      'mutation { createMailbox(path: "Projects") { id } }',
    );
    const listed = await suite.stack.graphql<{
      messages: { edges: { node: { id: string; subject: string } }[] };
    }>(
      user.token,
      'query ($m: ID!) { messages(mailboxId: $m, first: 10) { edges { node { id subject } } } }',
      { m: boxes.get('INBOX') },
    );
    const idOf = (subject: string) =>
      listed.data!.messages.edges.find((edge) => edge.node.subject === subject)!.node.id;
    await suite.stack.graphql(
      user.token,
      'mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, seen: true) { id } }',
      {
        ids: [idOf('Alpha from carol'), idOf('Gamma from dan with file')],
      },
    );
    await suite.stack.graphql(
      user.token,
      'mutation ($ids: [ID!]!, $m: ID!) { moveMessages(ids: $ids, mailboxId: $m) { id } }',
      {
        ids: [idOf('Delta from dan')],
        m: created.data!.createMailbox.id,
      },
    );

    const { page } = await signedIn(user);
    await rowWith(page, 'Alpha from carol').waitFor();
    const search = async (query: string): Promise<string[]> => {
      await page.getByTestId('search-input').fill(query);
      await page.getByTestId('search-input').press('Enter');
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(query);
      return subjectsShown(page, query);
    };
    expect(await search('from:carol')).toEqual(['Alpha from carol', 'Beta from carol with file']);
    expect(await search('has:attachment')).toEqual(['Beta from carol with file', 'Gamma from dan with file']);
    expect(await search('is:unread')).toEqual(['Beta from carol with file', 'Delta from dan']);
    expect(await search('in:Projects')).toEqual(['Delta from dan']);
    expect(await search('from:dan has:attachment')).toEqual(['Gamma from dan with file']);
    await page.getByTestId('search-input').press('Escape');
    await expect
      .poll(() => subjectsShown(page, 'INBOX'))
      .toEqual(['Alpha from carol', 'Beta from carol with file', 'Gamma from dan with file']);
  });

  describe('hostile HTML', () => {
    let canary: Server;
    let canaryHits: string[];

    beforeAll(async () => {
      canaryHits = [];
      canary = createServer((request, response) => {
        canaryHits.push(request.url ?? '');
        response.writeHead(200, { 'content-type': 'text/plain' }).end('top.__pwned = 1');
      });
      await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => canary.close(() => resolve()));
    });

    it('runs no script and loads nothing from outside the webmail before consent', async () => {
      const user = await suite.stack.createUser('wmhostile');
      const remote = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
      const bodies = hostileBodies(remote);
      for (const body of bodies) {
        await suite.stack.deliver(
          user.address,
          htmlMessage({ to: user.address, subject: `Hostile: ${body.name}`, html: body.html }),
        );
      }
      const { page, guard } = await signedIn(user);
      const dialogs: string[] = [];
      const consoleLines: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (line) => consoleLines.push(line.text()));
      page.on('popup', (popup) => void popup.close());

      for (const body of bodies) {
        await rowWith(page, `Hostile: ${body.name}`).click();
        await expect
          .poll(() => page.getByTestId('message-subject').textContent())
          .toBe(`Hostile: ${body.name}`);
        const frame = page.getByTestId('message-body-frame');
        if ((await frame.count()) > 0) {
          const sandbox = (await frame.getAttribute('sandbox')) ?? 'missing';
          expect(sandbox).not.toMatch(/missing|allow-scripts|allow-same-origin|allow-forms/);
          // Poke what a reader might: hover, click links and buttons inside the message.
          const inner = page.frameLocator('[data-testid="message-body-frame"]');
          for (const target of await inner.locator('a, button, input[type=submit], div').all()) {
            await target.hover({ timeout: 1000 }).catch(() => undefined);
            await target.click({ timeout: 1000, noWaitAfter: true }).catch(() => undefined);
          }
        }
        await page.waitForTimeout(300);
        expect(await pwnedAnywhere(page), body.name).toBe(false);
      }
      expect(dialogs).toEqual([]);
      expect(consoleLines.filter((line) => line.includes('pwned'))).toEqual([]);
      expect(canaryHits).toEqual([]);
      expect(guard.foreign()).toEqual([]);
      expect(page.url()).toContain(suite.stack.baseUrl);
    });
  });
});

const SEARCH_SUBJECTS = [
  'Alpha from carol',
  'Beta from carol with file',
  'Gamma from dan with file',
  'Delta from dan',
];

/** The known subjects the message list shows, sorted, once the list has stopped changing. */
const subjectsShown = async (page: Page, label: string): Promise<string[]> => {
  let previous: string[] | null = null;
  // Settled: the same rows in three samples in a row, so a previous result still on screen is not taken.
  for (let attempt = 0, same = 0; attempt < 60 && same < 3; attempt++) {
    await page.waitForTimeout(150);
    const texts = await page
      .getByTestId('message-row')
      .evaluateAll((rows: PageElement[]) => rows.map((row) => row.textContent ?? ''));
    same = previous && texts.length > 0 && texts.join('|') === previous.join('|') ? same + 1 : 0;
    previous = texts;
  }
  if (!previous?.length) throw new Error(`no rows for ${label}`);
  return previous
    .map(
      (text) =>
        SEARCH_SUBJECTS.filter((subject) => text.includes(subject)).sort((a, b) => b.length - a.length)[0] ??
        text,
    )
    .sort();
};

/** Whether any script managed to set the marker, in the page or any frame that will answer. */
const pwnedAnywhere = async (page: Page): Promise<boolean> => {
  for (const frame of page.frames()) {
    const marked = await frame
      .evaluate(() => (globalThis as unknown as PageGlobals).__pwned !== undefined)
      .catch(() => false);
    if (marked) return true;
  }
  return false;
};
