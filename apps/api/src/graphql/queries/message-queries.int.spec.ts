import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessTokenService } from '@eider/accounts';
import type { MailboxDocument } from '@eider/mailstore';
import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { errorCode, graphqlCall, graphqlData, simpleMessage } from './graphql-test.helpers';

const rich = readFileSync(join(__dirname, '..', '..', 'messages', 'fixtures', 'rich-report.eml'));

interface Connection<N> {
  totalCount: number;
  edges: { cursor: string; node: N }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const MESSAGES = `query($mb: ID!, $first: Int, $after: String, $last: Int, $before: String, $order: SortOrder, $unseen: Boolean) {
  messages(mailboxId: $mb, first: $first, after: $after, last: $last, before: $before, order: $order, unseen: $unseen) {
    totalCount edges { cursor node { id uid subject seen } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

describe('GraphQL queries: messages, search and threads', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let paging: MailboxDocument;
  let inbox: MailboxDocument;
  let bobInbox: MailboxDocument;
  let richUid: number;
  let bobUid: number;
  let readonlyToken: string;

  const uids = (connection: Connection<{ uid: number }>) => connection.edges.map((edge) => edge.node.uid);
  const page = async (variables: Record<string, unknown>) =>
    (
      await graphqlData<{ messages: Connection<{ uid: number; subject: string; seen: boolean }> }>(
        api,
        alice.token,
        MESSAGES,
        { mb: paging._id.toHexString(), ...variables },
      )
    ).messages;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('gqlmsg');
    bob = await api.createUser('gqlmsg');
    inbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    bobInbox = await api.store.mailboxes.getByPath(bob.user._id, 'INBOX');
    paging = await api.store.mailboxes.create(alice.user._id, 'Paging');
    for (let i = 1; i <= 12; i++) {
      await api.store.ingest.add(paging, simpleMessage(`Paging ${i}`), {
        flags: i % 3 === 0 ? ['\\Seen'] : [],
      });
    }
    richUid = (await api.store.ingest.add(inbox, rich)).uid;
    bobUid = (await api.store.ingest.add(bobInbox, simpleMessage('Bob private'))).uid;
    readonlyToken = (
      await api.app
        .get(AccessTokenService)
        .issue({ user: alice.user._id, role: 'readonly', ttlSeconds: 3600 })
    ).token;
  });
  afterAll(async () => api?.close());

  it('pages a mailbox forwards then backwards with stable cursors, newest first by default', async () => {
    const first = await page({ first: 5 });
    expect(first.totalCount).toBe(12);
    expect(uids(first)).toEqual([12, 11, 10, 9, 8]);
    expect(first.edges[0]?.node).toMatchObject({ subject: 'Paging 12', seen: true });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(uids(second)).toEqual([7, 6, 5, 4, 3]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const third = await page({ first: 5, after: second.pageInfo.endCursor });
    expect(uids(third)).toEqual([2, 1]);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const back = await page({ last: 5, before: third.pageInfo.startCursor });
    expect(back.edges).toEqual(second.edges);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const start = await page({ last: 5, before: back.pageInfo.startCursor });
    expect(start.edges).toEqual(first.edges);
    expect(start.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const tail = await page({ last: 3 });
    expect(uids(tail)).toEqual([3, 2, 1]);
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(uids(await page({ first: 3, order: 'ASC' }))).toEqual([1, 2, 3]);
    const unseen = await page({ first: 100, unseen: true });
    expect(unseen.totalCount).toBe(8);
    expect(unseen.edges.every((edge) => !edge.node.seen)).toBe(true);
    // More than the cap is capped, not an error.
    expect(uids(await page({ first: 1000 }))).toHaveLength(12);
  });

  it('refuses contradictory paging arguments and foreign cursors with BAD_USER_INPUT', async () => {
    const searchCursor = (
      await graphqlData<{ search: Connection<unknown> }>(
        api,
        alice.token,
        '{ search(first: 1) { pageInfo { endCursor } } }',
      )
    ).search.pageInfo.endCursor;
    for (const variables of [
      { first: 2, last: 2 },
      { first: -1 },
      { last: 0 },
      { first: 2, before: searchCursor },
      { after: searchCursor },
      { after: 'garbage!' },
    ]) {
      const reply = await graphqlCall(api, alice.token, MESSAGES, {
        mb: paging._id.toHexString(),
        ...variables,
      });
      expect({ variables, code: errorCode(reply) }).toEqual({ variables, code: 'BAD_USER_INPUT' });
    }
  });

  it('returns a message with sanitised HTML, cid: rewritten to the download URL and remote images counted', async () => {
    const id = `${inbox._id.toHexString()}:${richUid}`;
    const data = await graphqlData<{
      message: {
        id: string;
        uid: number;
        subject: string;
        emailId: string;
        thread: string;
        from: { name: string; address: string } | null;
        html: string;
        withImages: string;
        remoteImages: number;
        text: string;
        hasAttachments: boolean;
        attachments: { id: string; filename: string; related: boolean; downloadUrl: string; size: number }[];
        mailbox: { id: string; path: string };
      };
    }>(
      api,
      alice.token,
      `query($id: ID!) { message(id: $id) { id uid subject emailId thread from { name address } html
        withImages: html(images: true) remoteImages text hasAttachments
        attachments { id filename related downloadUrl size } mailbox { id path } } }`,
      { id },
    );
    const message = data.message;
    const base = `/users/${alice.id}/mailboxes/${inbox._id.toHexString()}/messages/${richUid}`;
    expect(message).toMatchObject({
      id,
      uid: richUid,
      hasAttachments: true,
      mailbox: { id: inbox._id.toHexString(), path: 'INBOX' },
    });
    expect(message.emailId).toEqual(expect.any(String));
    expect(message.html).toContain(`src="${base}/attachments/ATT00001"`);
    expect(message.html).not.toContain('cid:');
    expect(message.html).not.toContain('tracker.test');
    expect(message.html).not.toMatch(/<script/i);
    expect(message.withImages).toContain('tracker.test');
    expect(message.remoteImages).toBe(1);
    expect(message.attachments[0]).toMatchObject({
      id: 'ATT00001',
      related: true,
      downloadUrl: `${base}/attachments/ATT00001`,
    });
    expect(message.text.length).toBeGreaterThan(0);

    // The listing resolves the same body fields through the batched loader.
    const listed = await graphqlData<{
      messages: Connection<{ id: string; html: string; attachments: unknown[] }>;
    }>(
      api,
      alice.token,
      'query($mb: ID!) { messages(mailboxId: $mb, first: 5) { edges { node { id html attachments { id } } } } }',
      { mb: inbox._id.toHexString() },
    );
    const node = listed.messages.edges.find((edge) => edge.node.id === id)?.node;
    expect(node?.html).toBe(message.html);
    expect(node?.attachments).toHaveLength(message.attachments.length);
  });

  it('marks as seen only with a writable token', async () => {
    const uid = (await api.store.ingest.add(inbox, simpleMessage('mark me'))).uid;
    const id = `${inbox._id.toHexString()}:${uid}`;
    const query = 'query($id: ID!) { message(id: $id, markAsSeen: true) { seen flags } }';
    const refused = await graphqlCall(api, readonlyToken, query, { id });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect((await api.store.messages.get(inbox._id, uid)).unseen).toBe(true);
    const readable = await graphqlData<{ message: { seen: boolean } }>(
      api,
      readonlyToken,
      'query($id: ID!) { message(id: $id) { seen } }',
      { id },
    );
    expect(readable.message.seen).toBe(false);
    const marked = await graphqlData<{ message: { seen: boolean; flags: string[] } }>(
      api,
      alice.token,
      query,
      { id },
    );
    expect(marked.message).toEqual({ seen: true, flags: ['\\Seen'] });
    expect((await api.store.messages.get(inbox._id, uid)).unseen).toBe(false);
  });

  it("never shows another user's mailbox or message, and rejects malformed ids", async () => {
    const bobMailbox = bobInbox._id.toHexString();
    const foreign: [string, Record<string, unknown>][] = [
      [MESSAGES, { mb: bobMailbox, first: 5 }],
      ['query($id: ID!) { message(id: $id) { subject } }', { id: `${bobMailbox}:${bobUid}` }],
      ['query($mb: ID) { search(mailboxId: $mb) { totalCount } }', { mb: bobMailbox }],
      ['query($mb: ID) { threads(mailboxId: $mb) { totalCount } }', { mb: bobMailbox }],
      ['query($id: ID!) { message(id: $id) { subject } }', { id: `${inbox._id.toHexString()}:999999` }],
    ];
    for (const [query, variables] of foreign) {
      const reply = await graphqlCall(api, alice.token, query, variables);
      expect({ variables, code: errorCode(reply) }).toEqual({ variables, code: 'NOT_FOUND' });
      expect(JSON.stringify(reply)).not.toContain('Bob private');
    }
    for (const [query, variables] of [
      ['query($u: ID) { search(userId: $u) { totalCount } }', { u: bob.id }],
      ['query($u: ID) { threads(userId: $u) { totalCount } }', { u: bob.id }],
    ] as const) {
      expect(errorCode(await graphqlCall(api, alice.token, query, variables))).toBe('FORBIDDEN');
    }
    for (const [query, variables] of [
      ['query($id: ID!) { message(id: $id) { uid } }', { id: 'nope' }],
      ['query($id: ID!) { message(id: $id) { uid } }', { id: `${inbox._id.toHexString()}:0` }],
      ['query($id: ID!) { message(id: $id) { uid } }', { id: `${inbox._id.toHexString()}:99999999999` }],
      ['query($id: ID!) { message(id: $id) { uid } }', { id: inbox._id.toHexString() }],
      [MESSAGES, { mb: 'xyz' }],
      ['query($mb: ID) { search(mailboxId: $mb) { totalCount } }', { mb: '12' }],
      ['{ search(minSize: 10, maxSize: 5) { totalCount } }', {}],
      [`{ search(query: "${'x'.repeat(300)}") { totalCount } }`, {}],
    ] as const) {
      expect({ query, code: errorCode(await graphqlCall(api, alice.token, query, variables)) }).toEqual({
        query,
        code: 'BAD_USER_INPUT',
      });
    }
    // The root token reads any user's message by its global id.
    const asRoot = await graphqlData<{ message: { subject: string } }>(
      api,
      api.rootToken,
      'query($id: ID!) { message(id: $id) { subject } }',
      { id: `${bobMailbox}:${bobUid}` },
    );
    expect(asRoot.message.subject).toBe('Bob private');
  });

  it('searches with the REST criteria and pages the results both ways', async () => {
    const query = `query($q: String, $mb: ID, $first: Int, $after: String, $last: Int, $before: String, $unseen: Boolean) {
      search(query: $q, mailboxId: $mb, first: $first, after: $after, last: $last, before: $before, unseen: $unseen) {
        totalCount edges { node { subject mailbox { path } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    type Result = { search: Connection<{ subject: string; mailbox: { path: string } }> };
    const all = await graphqlData<Result>(api, alice.token, query, { q: 'Paging 1', first: 100 });
    // "Paging 1", "Paging 10", "Paging 11", "Paging 12".
    expect(all.search.totalCount).toBe(4);
    expect(all.search.edges.map((edge) => edge.node.subject)).toEqual([
      'Paging 12',
      'Paging 11',
      'Paging 10',
      'Paging 1',
    ]);
    expect(all.search.edges[0]?.node.mailbox.path).toBe('Paging');
    const first = await graphqlData<Result>(api, alice.token, query, { q: 'Paging 1', first: 2 });
    const next = await graphqlData<Result>(api, alice.token, query, {
      q: 'Paging 1',
      first: 2,
      after: first.search.pageInfo.endCursor,
    });
    expect(next.search.edges.map((edge) => edge.node.subject)).toEqual(['Paging 10', 'Paging 1']);
    expect(next.search.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await graphqlData<Result>(api, alice.token, query, {
      q: 'Paging 1',
      last: 2,
      before: next.search.pageInfo.startCursor,
    });
    expect(back.search.edges).toEqual(first.search.edges);
    const unseenOnly = await graphqlData<Result>(api, alice.token, query, {
      q: 'Paging',
      unseen: true,
      mb: paging._id.toHexString(),
      first: 100,
    });
    expect(unseenOnly.search.totalCount).toBe(8);
    const none = await graphqlData<Result>(api, alice.token, query, { q: 'Bob private', first: 10 });
    expect(none.search.totalCount).toBe(0);
  });

  it('shows a conversation across INBOX and Sent as one thread, newest activity first', async () => {
    const carol = await api.createUser('gqlthread');
    const carolInbox = await api.store.mailboxes.getByPath(carol.user._id, 'INBOX');
    const sent = await api.store.mailboxes.findBySpecialUse(carol.user._id, '\\Sent');
    if (!sent) throw new Error('no Sent mailbox');
    await api.store.ingest.add(
      carolInbox,
      simpleMessage('Old news', { date: 'Mon, 01 Jan 2024 09:00:00 +0000' }),
      {
        idate: new Date('2024-01-01T09:00:00Z'),
      },
    );
    await api.store.ingest.add(
      carolInbox,
      simpleMessage('Lunch?', { messageId: 'lunch-1@example.test', date: 'Tue, 02 Jan 2024 10:00:00 +0000' }),
      { idate: new Date('2024-01-02T10:00:00Z') },
    );
    await api.store.ingest.add(
      sent,
      simpleMessage('Re: Lunch?', {
        from: `${carol.user.username}@example.test`,
        to: 'sender@example.test',
        messageId: 'lunch-2@example.test',
        inReplyTo: 'lunch-1@example.test',
      }),
      { flags: ['\\Seen'], idate: new Date('2024-01-03T10:00:00Z') },
    );
    await api.store.ingest.add(
      carolInbox,
      simpleMessage('Middle', { date: 'Tue, 02 Jan 2024 12:00:00 +0000' }),
      {
        idate: new Date('2024-01-02T12:00:00Z'),
      },
    );
    const query = `query($first: Int, $after: String, $last: Int, $before: String, $mb: ID) {
      threads(first: $first, after: $after, last: $last, before: $before, mailboxId: $mb) {
        totalCount
        edges { node { id subject messageCount unseenCount lastDate
          messages(first: 10) { totalCount edges { node { subject thread mailbox { path } } } } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    interface ThreadNode {
      id: string;
      subject: string;
      messageCount: number;
      unseenCount: number;
      lastDate: string;
      messages: Connection<{ subject: string; thread: string; mailbox: { path: string } }>;
    }
    const all = await graphqlData<{ threads: Connection<ThreadNode> }>(api, carol.token, query, {
      first: 10,
    });
    expect(all.threads.totalCount).toBe(3);
    expect(all.threads.edges.map((edge) => edge.node.subject)).toEqual(['Lunch?', 'Middle', 'Old news']);
    const lunch = all.threads.edges[0]?.node;
    expect(lunch).toMatchObject({ messageCount: 2, unseenCount: 1, lastDate: '2024-01-03T10:00:00.000Z' });
    expect(lunch?.messages.totalCount).toBe(2);
    expect(lunch?.messages.edges.map((edge) => [edge.node.subject, edge.node.mailbox.path])).toEqual([
      ['Lunch?', 'INBOX'],
      ['Re: Lunch?', sent.path],
    ]);
    expect(lunch?.messages.edges.every((edge) => edge.node.thread === lunch.id)).toBe(true);

    const first = await graphqlData<{ threads: Connection<ThreadNode> }>(api, carol.token, query, {
      first: 1,
    });
    const second = await graphqlData<{ threads: Connection<ThreadNode> }>(api, carol.token, query, {
      first: 2,
      after: first.threads.pageInfo.endCursor,
    });
    expect(second.threads.edges.map((edge) => edge.node.subject)).toEqual(['Middle', 'Old news']);
    expect(second.threads.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await graphqlData<{ threads: Connection<ThreadNode> }>(api, carol.token, query, {
      last: 1,
      before: second.threads.pageInfo.startCursor,
    });
    expect(back.threads.edges).toEqual(first.threads.edges);
    expect(back.threads.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const tail = await graphqlData<{ threads: Connection<ThreadNode> }>(api, carol.token, query, { last: 1 });
    expect(tail.threads.edges.map((edge) => edge.node.subject)).toEqual(['Old news']);

    const inSent = await graphqlData<{ threads: Connection<ThreadNode> }>(api, carol.token, query, {
      first: 10,
      mb: sent._id.toHexString(),
    });
    expect(inSent.threads.edges.map((edge) => edge.node.subject)).toEqual(['Lunch?']);
    expect(inSent.threads.edges[0]?.node.messageCount).toBe(2);
    expect(errorCode(await graphqlCall(api, carol.token, query, { after: 'bogus' }))).toBe('BAD_USER_INPUT');
  });
});
