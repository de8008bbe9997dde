import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MailboxDocument } from '@eider/mailstore';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

const FIXTURES = join(__dirname, 'fixtures');
const CORPUS = join(__dirname, '../../../../../shared/corpus/mail-fixtures');
const rich = readFileSync(join(FIXTURES, 'rich-report.eml'));
const logo = readFileSync(join(FIXTURES, 'rich-report.logo.png'));
const resume = readFileSync(join(FIXTURES, 'rich-report.resume.pdf'));

interface ListItem {
  id: number;
  mailbox: string;
  subject: string;
  seen: boolean;
  flagged: boolean;
  attachments: boolean;
  from: { name: string; address: string } | null;
}
interface Listing {
  total: number;
  page: number;
  previousCursor: string | null;
  nextCursor: string | null;
  specialUse: string | null;
  results: ListItem[];
}

const simple = (subject: string, from = 'sender@example.test', body = 'Hello there') =>
  Buffer.from(
    `From: ${from}\r\nTo: reader@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.test>\r\n` +
      `Date: Tue, 02 Jan 2024 10:00:00 +0000\r\n\r\n${body}\r\n`,
  );

describe('reading messages through the API', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let paging: MailboxDocument;
  let inbox: MailboxDocument;
  let richUid: number;

  const messages = (mailbox: MailboxDocument, user = alice) =>
    `/users/${user.id}/mailboxes/${mailbox._id.toHexString()}/messages`;
  const listing = async (path: string) => {
    const response = await api.call<Listing>('GET', path, { token: alice.token });
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('reader');
    bob = await api.createUser('intruder');
    inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    paging = await api.store.mailboxes.create(alice.user._id, 'Paging');
    for (let i = 1; i <= 30; i++) {
      const flags = [...(i % 3 === 0 ? ['\\Seen'] : []), ...(i % 5 === 0 ? ['\\Flagged'] : [])];
      await api.store.ingest.add(paging, simple(`Paging ${i}`), { flags });
    }
    richUid = (await api.store.ingest.add(inbox, rich)).uid;
  });
  afterAll(async () => api?.close());

  describe('listing a mailbox', () => {
    it('pages forward and back with stable cursors, newest first', async () => {
      const first = await listing(`${messages(paging)}?limit=10`);
      expect(first.total).toBe(30);
      expect(first.page).toBe(1);
      expect(first.previousCursor).toBeNull();
      expect(first.results.map((item) => item.id)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
      expect(first.results[0]).toMatchObject({ subject: 'Paging 30', seen: true, flagged: true });
      const second = await listing(`${messages(paging)}?limit=10&page=2&next=${first.nextCursor ?? ''}`);
      expect(second.results.map((item) => item.id)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
      expect(second.page).toBe(2);
      const third = await listing(`${messages(paging)}?limit=10&next=${second.nextCursor ?? ''}`);
      expect(third.results.map((item) => item.id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(third.nextCursor).toBeNull();
      const back = await listing(`${messages(paging)}?limit=10&previous=${third.previousCursor ?? ''}`);
      expect(back.results.map((item) => item.id)).toEqual(second.results.map((item) => item.id));
      const start = await listing(`${messages(paging)}?limit=10&previous=${back.previousCursor ?? ''}`);
      expect(start.results.map((item) => item.id)).toEqual(first.results.map((item) => item.id));
      expect(start.previousCursor).toBeNull();
      expect(start.nextCursor).not.toBeNull();
    });

    it('pages in ascending order too, and a new arrival does not shift the pages already seen', async () => {
      const first = await listing(`${messages(paging)}?limit=12&order=asc`);
      expect(first.results.map((item) => item.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const extra = await api.store.ingest.add(paging, simple('Paging late'));
      try {
        const second = await listing(`${messages(paging)}?limit=12&order=asc&next=${first.nextCursor ?? ''}`);
        expect(second.results[0]?.id).toBe(13);
        const third = await listing(`${messages(paging)}?limit=12&order=asc&next=${second.nextCursor ?? ''}`);
        expect(third.results.map((item) => item.id)).toEqual([25, 26, 27, 28, 29, 30, extra.uid]);
        expect(third.nextCursor).toBeNull();
      } finally {
        await api.store.messages.deleteMessages(paging, [extra.uid]);
      }
    });

    it('filters unseen and flagged messages', async () => {
      const unseen = await listing(`${messages(paging)}?unseen=true&limit=250`);
      expect(unseen.total).toBe(20);
      expect(unseen.results.every((item) => !item.seen)).toBe(true);
      const flagged = await listing(`${messages(paging)}?flagged=true`);
      expect(flagged.results.map((item) => item.id)).toEqual([30, 25, 20, 15, 10, 5]);
    });

    it('shows the listing fields of a rich message', async () => {
      const page = await listing(messages(inbox));
      expect(page.specialUse).toBeNull();
      expect(page.results[0]).toMatchObject({
        id: richUid,
        mailbox: inbox._id.toHexString(),
        thread: expect.stringMatching(/^[0-9a-f]{24}$/),
        from: { name: 'Ann Sender', address: 'ann@example.test' },
        to: [
          { name: 'Alice', address: 'alice@example.test' },
          { name: '', address: 'bob@example.test' },
        ],
        cc: [{ name: 'Carol Müller', address: 'carol@example.test' }],
        bcc: [],
        subject: 'Quarterly report',
        messageId: '<rich-1@example.test>',
        date: '2024-01-01T10:00:00.000Z',
        intro: expect.stringContaining('See the figures'),
        attachments: true,
        size: rich.length,
        seen: false,
        contentType: { value: 'multipart/mixed', params: { boundary: 'mixed' } },
      });
    });

    it('refuses bad paging input', async () => {
      const bad = [
        'limit=0',
        'limit=251',
        'limit=ten',
        'order=sideways',
        'next=not-a-cursor',
        `next=${Buffer.from('id:0123456789abcdef01234567').toString('base64url')}`,
        'unseen=maybe',
      ];
      for (const query of bad) {
        const response = await api.call('GET', `${messages(paging)}?${query}`, { token: alice.token });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
        expect(response.body['code']).toBe('InputValidationError');
      }
    });
  });

  describe('getting one message', () => {
    it('returns parsed headers, text, sanitised HTML and the attachment list', async () => {
      const response = await api.call('GET', `${messages(inbox)}/${richUid}`, { token: alice.token });
      expect(response.status).toBe(200);
      const base = `${messages(inbox)}/${richUid}`;
      expect(response.body).toMatchObject({
        success: true,
        id: richUid,
        mailbox: inbox._id.toHexString(),
        user: alice.id,
        envelope: { from: 'ann@example.test' },
        from: { name: 'Ann Sender', address: 'ann@example.test' },
        replyTo: [{ name: '', address: 'replies@example.test' }],
        cc: [{ name: 'Carol Müller', address: 'carol@example.test' }],
        subject: 'Quarterly report',
        messageId: '<rich-1@example.test>',
        references: ['<older-1@example.test>', '<older-2@example.test>'],
        list: { id: 'reports.example.test' },
        date: '2024-01-01T10:00:00.000Z',
        seen: false,
        text: expect.stringContaining('See the figures attached.'),
        remoteImages: { blocked: true, count: 1 },
        contentType: { value: 'multipart/mixed' },
      });
      expect(response.body['headers']).toEqual(
        expect.arrayContaining([{ key: 'subject', value: 'Quarterly report' }]),
      );
      expect(response.body['attachments']).toEqual([
        expect.objectContaining({
          id: 'ATT00001',
          contentType: 'image/png',
          related: true,
          size: logo.length,
          url: `${base}/attachments/ATT00001`,
        }),
        expect.objectContaining({ id: 'ATT00002', filename: '../../etc/passwd', disposition: 'attachment' }),
        expect.objectContaining({
          id: 'ATT00003',
          filename: 'résumé "final".pdf',
          contentType: 'application/pdf',
        }),
      ]);
      const [html] = response.body['html'] as string[];
      expect(html).toContain(`<img src="${base}/attachments/ATT00001" alt="logo" />`);
      expect(html).toContain(
        '<a href="https://example.test/" target="_blank" rel="noopener noreferrer">good</a>',
      );
      for (const forbidden of [
        /<script/i,
        /onclick/i,
        /onload/i,
        /javascript:/i,
        /<form/i,
        /<input/i,
        /<meta/i,
        /<base/i,
        /tracker\.test/,
      ]) {
        expect(html).not.toMatch(forbidden);
      }
      const withImages = await api.call('GET', `${base}?images=true`, { token: alice.token });
      expect((withImages.body['html'] as string[])[0]).toContain('src="https://tracker.test/pixel.gif"');
      expect(withImages.body['remoteImages']).toEqual({ blocked: false, count: 1 });
    });

    it('marks the message seen only when asked, and never with a read-only token', async () => {
      const target = await api.store.ingest.add(inbox, simple('Mark me'));
      const path = `${messages(inbox)}/${target.uid}`;
      expect((await api.call('GET', path, { token: alice.token })).body['seen']).toBe(false);
      const login = await api.call('POST', '/authenticate', {
        token: null,
        json: { username: alice.user.username, password: alice.password, readOnly: true },
      });
      const readOnly = login.body['token'] as string;
      expect((await api.call('GET', path, { token: readOnly })).status).toBe(200);
      expect((await api.call('GET', `${path}?markAsSeen=true`, { token: readOnly })).status).toBe(403);
      expect((await api.store.messages.get(inbox._id, target.uid)).unseen).toBe(true);
      const marked = await api.call('GET', `${path}?markAsSeen=true`, { token: alice.token });
      expect(marked.body['seen']).toBe(true);
      const stored = await api.store.messages.get(inbox._id, target.uid);
      expect(stored.flags).toContain('\\Seen');
      // The change goes through the journal, so IMAP sessions hear about it.
      const changes = await api.store.messages.changedSince(inbox._id, target.modseq);
      expect(changes.map((change) => change.uid)).toContain(target.uid);
    });

    it('answers unknown and malformed ids with 404 and 400', async () => {
      const unknownUid = await api.call('GET', `${messages(inbox)}/999999`, { token: alice.token });
      expect(unknownUid.status).toBe(404);
      expect(unknownUid.body).toEqual({ error: expect.any(String), code: 'MessageNotFound' });
      for (const bad of ['0', '-1', 'abc', '1.5', '99999999999']) {
        expect((await api.call('GET', `${messages(inbox)}/${bad}`, { token: alice.token })).status).toBe(400);
      }
      const unknownMailbox = `/users/${alice.id}/mailboxes/${'a'.repeat(24)}/messages/1`;
      expect((await api.call('GET', unknownMailbox, { token: alice.token })).status).toBe(404);
    });
  });

  describe('downloads', () => {
    it('serves message.eml byte for byte as message/rfc822', async () => {
      const response = await api.call('GET', `${messages(inbox)}/${richUid}/message.eml`, {
        token: alice.token,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('message/rfc822');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.raw.equals(rich)).toBe(true);
    });

    it('keeps bare-LF corpus messages byte-exact too', async (context) => {
      const dir = join(CORPUS, 'attachment_emails');
      if (!existsSync(dir)) {
        context.skip(`mail fixture corpus not found at ${dir}`);
        return;
      }
      for (const name of readdirSync(dir).filter((file) => file.endsWith('.eml'))) {
        const source = readFileSync(join(dir, name));
        const stored = await api.store.ingest.add(inbox, source);
        const response = await api.call('GET', `${messages(inbox)}/${stored.uid}/message.eml`, {
          token: alice.token,
        });
        expect({ name, same: response.raw.equals(source) }).toEqual({ name, same: true });
        const listed = await api.call('GET', `${messages(inbox)}/${stored.uid}`, { token: alice.token });
        expect(listed.status).toBe(200);
      }
    });

    it('serves attachments decoded, with safe headers', async () => {
      const base = `${messages(inbox)}/${richUid}/attachments`;
      const image = await api.call('GET', `${base}/ATT00001`, { token: alice.token });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(image.headers.get('x-content-type-options')).toBe('nosniff');
      expect(image.raw.equals(logo)).toBe(true);

      const passwd = await api.call('GET', `${base}/att00002`, { token: alice.token });
      expect(passwd.headers.get('content-type')).toBe('text/plain');
      expect(passwd.headers.get('content-disposition')).toBe('attachment; filename="passwd"');
      expect(passwd.raw.toString()).toBe('root:x:0:0=root');

      const pdf = await api.call('GET', `${base}/ATT00003`, { token: alice.token });
      expect(pdf.raw.equals(resume)).toBe(true);
      const disposition = pdf.headers.get('content-disposition') ?? '';
      expect(disposition).toBe(
        `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20_final_.pdf`,
      );
      expect(disposition).not.toMatch(/[\r\n]/);

      expect((await api.call('GET', `${base}/ATT00009`, { token: alice.token })).body['code']).toBe(
        'AttachmentNotFound',
      );
      expect((await api.call('GET', `${base}/ATT00009`, { token: alice.token })).status).toBe(404);
      expect((await api.call('GET', `${base}/passwd`, { token: alice.token })).status).toBe(400);
      expect((await api.call('GET', `${base}/..%2F..%2Fetc`, { token: alice.token })).status).toBe(400);
    });
  });

  describe('isolation', () => {
    it("refuses another user's path with 403 and another user's mailbox under your own with 404", async () => {
      const paths = [
        messages(inbox),
        `${messages(inbox)}/${richUid}`,
        `${messages(inbox)}/${richUid}/message.eml`,
        `${messages(inbox)}/${richUid}/attachments/ATT00001`,
        `/users/${alice.id}/search?q=report`,
      ];
      for (const path of paths) {
        const response = await api.call('GET', path, { token: bob.token });
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
      const underBob = `/users/${bob.id}/mailboxes/${inbox._id.toHexString()}/messages`;
      for (const path of [underBob, `${underBob}/${richUid}`, `${underBob}/${richUid}/message.eml`]) {
        const response = await api.call('GET', path, { token: bob.token });
        expect({ path, status: response.status, code: response.body['code'] }).toEqual({
          path,
          status: 404,
          code: 'NoSuchMailbox',
        });
      }
      const search = await api.call('GET', `/users/${bob.id}/search?mailbox=${inbox._id.toHexString()}`, {
        token: bob.token,
      });
      expect(search.status).toBe(404);
      const bobSearch = await api.call<Listing>('GET', `/users/${bob.id}/search?q=report`, {
        token: bob.token,
      });
      expect(bobSearch.body.total).toBe(0);
    });
  });
});
