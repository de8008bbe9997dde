import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MailboxDocument } from '@eider/mailstore';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

interface SearchItem {
  id: number;
  mailbox: string;
  subject: string;
}
interface SearchResult {
  total: number;
  query: string;
  previousCursor: string | null;
  nextCursor: string | null;
  results: SearchItem[];
}

const rich = readFileSync(join(__dirname, 'fixtures', 'rich-report.eml'));
const mail = (subject: string, from: string, body: string, to = 'carol@example.test') =>
  Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\n${body}\r\n`);

describe('searching messages across mailboxes', () => {
  let api: ApiHarness;
  let carol: TestUser;
  let other: TestUser;
  let inbox: MailboxDocument;
  let trash: MailboxDocument;
  let archive: MailboxDocument;

  const search = async (query: string) => {
    const response = await api.call<SearchResult>('GET', `/users/${carol.id}/search?${query}`, {
      token: carol.token,
    });
    expect({ query, status: response.status }).toEqual({ query, status: 200 });
    return response.body;
  };
  const subjects = async (query: string) => (await search(query)).results.map((item) => item.subject).sort();

  beforeAll(async () => {
    api = await startApiHarness();
    carol = await api.createUser('searcher');
    other = await api.createUser('searchother');
    inbox = await api.store.mailboxes.getByPath(carol.user._id, 'INBOX');
    trash = await api.store.mailboxes.getByPath(carol.user._id, 'Trash');
    archive = await api.store.mailboxes.getByPath(carol.user._id, 'Archive');
    await api.store.ingest.add(inbox, mail('Invoice 42', '"Zed Zebra" <zed@zoo.test>', 'please pay now'));
    await api.store.ingest.add(inbox, mail('Lunch?', 'amy@example.test', 'Tacos at noon'), {
      flags: ['\\Flagged'],
    });
    await api.store.ingest.add(inbox, mail('Price (USD) [final]', 'shop@example.test', 'numbers'), {
      flags: ['\\Seen'],
    });
    await api.store.ingest.add(archive, rich);
    await api.store.ingest.add(trash, mail('Invoice 43 (old)', 'zed@zoo.test', 'already paid'));
    // Another user's matching mail must never show up.
    const otherInbox = await api.store.mailboxes.getByPath(other.user._id, 'INBOX');
    await api.store.ingest.add(otherInbox, mail('Invoice 99', 'zed@zoo.test', 'not yours'));
  });
  afterAll(async () => api?.close());

  it('matches free text in subject, body and addresses, case-insensitively, across mailboxes', async () => {
    expect(await subjects('q=INVOICE')).toEqual(['Invoice 42', 'Invoice 43 (old)']);
    expect(await subjects('q=tacos')).toEqual(['Lunch?']);
    expect(await subjects('q=zebra')).toEqual(['Invoice 42']);
    expect(await subjects('query=quarterly')).toEqual(['Quarterly report']);
    const result = await search('q=invoice');
    expect(result.query).toBe('invoice');
    expect(result.total).toBe(2);
    expect(result.results.find((item) => item.subject === 'Invoice 43 (old)')?.mailbox).toBe(
      trash._id.toHexString(),
    );
  });

  it('treats the search text literally, never as a pattern', async () => {
    expect(await subjects(`q=${encodeURIComponent('(USD) [')}`)).toEqual(['Price (USD) [final]']);
    expect(await subjects(`q=${encodeURIComponent('.*')}`)).toEqual([]);
    expect(await subjects(`subject=${encodeURIComponent('^Lunch\\?$')}`)).toEqual([]);
  });

  it('filters by from, to, subject, flags, attachments, size and date', async () => {
    expect(await subjects('from=ZOO.TEST')).toEqual(['Invoice 42', 'Invoice 43 (old)']);
    expect(await subjects('to=carol%20m%C3%BCller')).toEqual(['Quarterly report']);
    expect(await subjects('subject=lunch')).toEqual(['Lunch?']);
    expect(await subjects('flagged=true')).toEqual(['Lunch?']);
    expect(await subjects('unseen=false')).toEqual(['Price (USD) [final]']);
    expect(await subjects('attachments=true')).toEqual(['Quarterly report']);
    expect(await subjects(`minSize=${rich.length}`)).toEqual(['Quarterly report']);
    expect(await subjects('maxSize=80')).toEqual([]);
    expect(
      await subjects(`datestart=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`),
    ).toEqual([]);
    expect((await search('dateend=2100-01-01')).total).toBe(5);
    expect(await subjects('from=zed&subject=43')).toEqual(['Invoice 43 (old)']);
  });

  it('limits the search to one mailbox, or leaves out Trash and Junk when searchable', async () => {
    expect(await subjects(`q=invoice&mailbox=${trash._id.toHexString()}`)).toEqual(['Invoice 43 (old)']);
    expect(await subjects('q=invoice&searchable=true')).toEqual(['Invoice 42']);
  });

  it('pages through results both ways', async () => {
    const seen: number[] = [];
    let page = await search('limit=2');
    expect(page.total).toBe(5);
    expect(page.previousCursor).toBeNull();
    const pages = [page];
    while (page.nextCursor) {
      page = await search(`limit=2&next=${page.nextCursor}`);
      pages.push(page);
    }
    for (const each of pages) seen.push(...each.results.map((item) => item.id));
    expect(pages).toHaveLength(3);
    expect(seen).toHaveLength(5);
    const back = await search(`limit=2&previous=${pages[2]?.previousCursor ?? ''}`);
    expect(back.results).toEqual(pages[1]?.results);
    const listingCursor = Buffer.from('uid:3').toString('base64url');
    const wrongKind = await api.call('GET', `/users/${carol.id}/search?next=${listingCursor}`, {
      token: carol.token,
    });
    expect(wrongKind.status).toBe(400);
  });

  it('refuses bad input and other users', async () => {
    for (const query of [
      'minSize=-1',
      'datestart=yesterday-ish',
      'limit=1000',
      'mailbox=xyz',
      'flagged=perhaps',
      `q=${'x'.repeat(300)}`,
      'minSize=10&maxSize=5',
    ]) {
      const response = await api.call('GET', `/users/${carol.id}/search?${query}`, { token: carol.token });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
    const foreignMailbox = (await api.store.mailboxes.getByPath(other.user._id, 'INBOX'))._id.toHexString();
    const foreign = await api.call('GET', `/users/${carol.id}/search?mailbox=${foreignMailbox}`, {
      token: carol.token,
    });
    expect(foreign.status).toBe(404);
    expect(
      (await api.call('GET', `/users/${other.id}/search?q=invoice`, { token: carol.token })).status,
    ).toBe(403);
  });
});
