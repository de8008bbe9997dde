import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { startSink, waitUntil } from '../lmtp/lmtp-e2e.helpers';
import { startApi, type RunningApi } from '../support/api-process';
import { startProtocols, type RunningProtocols } from '../support/protocols-process';
import { dataOf, errorCodeOf, graphqlHttp } from './graphql-http.e2e-client';

interface ListedMessage {
  id: string;
  subject: string;
  seen: boolean;
  flagged: boolean;
}
interface Page {
  edges: { cursor: string; node: ListedMessage }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
}
const PAGE_FIELDS = `edges { cursor node { id subject seen flagged } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

/**
 * The seed's flow on the built stack, entirely through GraphQL: root creates the account, the user signs in
 * with the `authenticate` mutation and does everything else with its own token. Mail arrives over LMTP
 * from the protocols process, as from an MTA, and leaves through the relay sink.
 */
describe('GraphQL on the real stack: the seed flow, pagination and conversations', () => {
  let api: RunningApi;
  let protocols: RunningProtocols;
  let sink: Awaited<ReturnType<typeof startSink>>;
  const run = randomBytes(3).toString('hex');
  const username = `gqlflow${run}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const address = `${username}@flow.example`;
  let userId: string;
  let token: string;
  const mailboxIds: Record<string, string> = {};

  beforeAll(async () => {
    sink = await startSink();
    const relay = { EIDER_LMTP__RELAY__URL: `smtp://127.0.0.1:${sink.port}` };
    [api, protocols] = await Promise.all([
      startApi(relay),
      startProtocols({ ...relay, EIDER_POP3__ENABLED: 'false' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([api?.stop(), protocols?.stop(), sink?.stop()]);
  });

  const asRoot = (query: string, variables: Record<string, unknown> = {}) =>
    graphqlHttp(api, api.rootToken, query, variables);
  const asUser = (query: string, variables: Record<string, unknown> = {}) =>
    graphqlHttp(api, token, query, variables);
  const deliver = async (subject: string, extraHeaders: string[] = [], from = 'carol@example.org') => {
    const transport = createTransport({
      host: '127.0.0.1',
      port: protocols.lmtpPort,
      lmtp: true,
      ignoreTLS: true,
    });
    const messageId = `<${subject.replace(/\W/g, '')}.${run}@example.org>`;
    const info = await transport.sendMail({
      envelope: { from, to: [address] },
      raw: [
        `From: Carol <${from}>`,
        `To: ${address}`,
        `Subject: ${subject}`,
        `Message-ID: ${messageId}`,
        ...extraHeaders,
        '',
        `About ${subject}.`,
        '',
      ].join('\r\n'),
    });
    expect(info.accepted).toEqual([address]);
    return messageId;
  };
  const page = async (variables: Record<string, unknown>): Promise<Page> =>
    dataOf<{ messages: Page }>(
      await asUser(
        `query ($m: ID!, $first: Int, $after: String, $last: Int, $before: String) {
           messages(mailboxId: $m, first: $first, after: $after, last: $last, before: $before) { ${PAGE_FIELDS} }
         }`,
        { m: mailboxIds['INBOX'], ...variables },
      ),
    ).messages;

  it('root creates the account and its address; the user signs in through GraphQL', async () => {
    const created = dataOf<{ createUser: { id: string } }>(
      await asRoot('mutation ($input: CreateUserInput!) { createUser(input: $input) { id username } }', {
        input: { username, password, name: 'Flow User' },
      }),
    );
    userId = created.createUser.id;
    const added = dataOf<{ addAddress: { address: string; main: boolean } }>(
      await asRoot(
        'mutation ($u: ID!, $a: String!) { addAddress(userId: $u, address: $a) { address main } }',
        {
          u: userId,
          a: address,
        },
      ),
    );
    expect(added.addAddress).toEqual({ address, main: true });

    const refused = await graphqlHttp(
      api,
      null,
      'mutation ($u: String!) { authenticate(username: $u, password: "nope") { token } }',
      { u: username },
    );
    expect(errorCodeOf(refused)).toBe('UNAUTHENTICATED');
    const signedIn = dataOf<{
      authenticate: { token: string; user: { id: string; address: { address: string } | null } };
    }>(
      await graphqlHttp(
        api,
        null,
        'mutation ($u: String!, $p: String!) { authenticate(username: $u, password: $p) { token user { id } } }',
        { u: address, p: password },
      ),
    );
    expect(signedIn.authenticate.user.id).toBe(userId);
    token = signedIn.authenticate.token;

    const mailboxes = dataOf<{ mailboxes: { id: string; path: string; specialUse: string | null }[] }>(
      await asUser('{ mailboxes { id path specialUse } }'),
    ).mailboxes;
    for (const mailbox of mailboxes) mailboxIds[mailbox.specialUse ?? mailbox.path] = mailbox.id;
    mailboxIds['INBOX'] = mailboxes.find((mailbox) => mailbox.path === 'INBOX')!.id;
    expect(Object.keys(mailboxIds)).toEqual(
      expect.arrayContaining(['INBOX', '\\Sent', '\\Drafts', '\\Trash']),
    );
    const work = dataOf<{ createMailbox: { id: string } }>(
      await asUser('mutation { createMailbox(path: "Projects") { id } }'),
    );
    const renamed = dataOf<{ renameMailbox: { path: string } }>(
      await asUser('mutation ($id: ID!) { renameMailbox(id: $id, path: "Work") { path } }', {
        id: work.createMailbox.id,
      }),
    );
    expect(renamed.renameMailbox.path).toBe('Work');
    mailboxIds['Work'] = work.createMailbox.id;
  });

  it('pages a delivered mailbox forwards and backwards with matching cursors', async () => {
    for (let i = 1; i <= 12; i++) await deliver(`Page item ${String(i).padStart(2, '0')}`);
    const forward: ListedMessage[] = [];
    let after: string | undefined;
    const pageSizes: number[] = [];
    for (;;) {
      const current = await page({ first: 5, after });
      pageSizes.push(current.edges.length);
      forward.push(...current.edges.map((edge) => edge.node));
      expect(current.pageInfo.hasPreviousPage).toBe(after !== undefined);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(pageSizes).toEqual([5, 5, 2]);
    // Newest first.
    expect(forward.map((message) => message.subject)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Page item ${String(12 - i).padStart(2, '0')}`),
    );

    const backward: ListedMessage[] = [];
    let before: string | undefined;
    for (;;) {
      const current = await page({ last: 5, before });
      backward.unshift(...current.edges.map((edge) => edge.node));
      if (!current.pageInfo.hasPreviousPage) break;
      before = current.pageInfo.startCursor;
    }
    expect(backward.map((message) => message.id)).toEqual(forward.map((message) => message.id));

    // A page taken from the middle backwards ends exactly where the forward page before it began.
    const middle = await page({ first: 5, after: (await page({ first: 5 })).pageInfo.endCursor });
    const back = await page({ last: 5, before: middle.pageInfo.startCursor });
    expect(back.edges.map((edge) => edge.node.id)).toEqual(forward.slice(0, 5).map((message) => message.id));
    expect(back.pageInfo.hasPreviousPage).toBe(false);
  });

  it('flags, moves and deletes in bulk, answering the changed messages', async () => {
    const firstThree = (await page({ first: 3 })).edges.map((edge) => edge.node.id);
    const flagged = dataOf<{ setMessageFlags: ListedMessage[] }>(
      await asUser(
        'mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, seen: true, flagged: true) { id seen flagged } }',
        {
          ids: firstThree,
        },
      ),
    );
    expect(flagged.setMessageFlags).toEqual(firstThree.map((id) => ({ id, seen: true, flagged: true })));
    const moved = dataOf<{ moveMessages: { id: string; mailbox: { path: string } }[] }>(
      await asUser(
        'mutation ($ids: [ID!]!, $to: ID!) { moveMessages(ids: $ids, mailboxId: $to) { id mailbox { path } } }',
        {
          ids: firstThree.slice(0, 2),
          to: mailboxIds['Work'],
        },
      ),
    );
    expect(moved.moveMessages.map((message) => message.mailbox.path)).toEqual(['Work', 'Work']);
    const deleted = dataOf<{ deleteMessages: { id: string }[] }>(
      await asUser('mutation ($ids: [ID!]!) { deleteMessages(ids: $ids) { id } }', { ids: [firstThree[2]] }),
    );
    expect(deleted.deleteMessages).toEqual([{ id: firstThree[2] }]);
    const counts = dataOf<{
      inbox: { total: number; unseen: number };
      work: { total: number; unseen: number };
    }>(
      await asUser(
        'query ($i: ID!, $w: ID!) { inbox: mailbox(id: $i) { total unseen } work: mailbox(id: $w) { total unseen } }',
        {
          i: mailboxIds['INBOX'],
          w: mailboxIds['Work'],
        },
      ),
    );
    expect(counts).toEqual({ inbox: { total: 9, unseen: 9 }, work: { total: 2, unseen: 0 } });
  });

  it('sends with an attachment through the relay and keeps the Sent copy', async () => {
    const sent = dataOf<{ sendMessage: { id: string; hasAttachments: boolean; mailbox: { id: string } } }>(
      await asUser(
        `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id hasAttachments mailbox { id } } }`,
        {
          input: {
            to: [{ name: 'Dave', address: 'dave@remote.example' }],
            subject: 'Quarterly numbers',
            text: 'Attached.',
            attachments: [
              {
                filename: 'q3.csv',
                contentType: 'text/csv',
                content: Buffer.from('a,b\n1,2\n').toString('base64'),
              },
            ],
          },
        },
      ),
    );
    expect(sent.sendMessage).toMatchObject({ hasAttachments: true, mailbox: { id: mailboxIds['\\Sent'] } });
    const relayed = sink.messages.find((message) => message.raw.includes('Quarterly numbers'));
    expect(relayed?.to).toEqual(['dave@remote.example']);
    expect(relayed?.from).toBe(address);
    expect(relayed?.raw).toContain('q3.csv');
  });

  it('groups a conversation across INBOX and Sent, newest conversation first', async () => {
    // Header dates have whole seconds; keep the three a minute apart so their order is unambiguous.
    const minutesFromNow = (minutes: number) =>
      `Date: ${new Date(Date.now() + minutes * 60_000).toUTCString()}`;
    const original = await deliver('Lunch on Friday?', [minutesFromNow(-1)]);
    const inbox = await page({ first: 1 });
    expect(inbox.edges[0]?.node.subject).toBe('Lunch on Friday?');
    const reply = dataOf<{ sendMessage: { thread: string } }>(
      await asUser(`mutation ($input: SendMessageInput!) { sendMessage(input: $input) { thread } }`, {
        input: { text: 'Yes, noon.', reference: { id: inbox.edges[0]!.node.id, action: 'REPLY' } },
      }),
    );
    const replyMessageId = /^Message-ID:\s*(<[^>]+>)/im.exec(
      sink.messages.find((message) => message.raw.includes('Yes, noon.'))!.raw,
    )![1]!;
    await deliver('Re: Lunch on Friday?', [
      minutesFromNow(1),
      `In-Reply-To: ${replyMessageId}`,
      `References: ${original} ${replyMessageId}`,
    ]);

    const threads = dataOf<{
      threads: {
        edges: {
          node: {
            id: string;
            subject: string;
            messageCount: number;
            messages: { edges: { node: { subject: string; mailbox: { path: string } } }[] };
          };
        }[];
      };
    }>(
      await asUser(
        '{ threads(first: 3) { edges { node { id subject messageCount messages(first: 10) { edges { node { subject mailbox { path } } } } } } } }',
      ),
    ).threads.edges.map((edge) => edge.node);
    const lunch = threads[0]!;
    expect(lunch.id).toBe(reply.sendMessage.thread);
    expect(lunch.messageCount).toBe(3);
    // A thread lists its messages in creation order (ObjectId), which has whole-second resolution across
    // processes: messages stored by the api and by the protocols process within one second may come in
    // either order, so only membership is checked here.
    const listed = lunch.messages.edges.map((edge) => [edge.node.subject, edge.node.mailbox.path]);
    const sentPath = dataOf<{ mailbox: { path: string } }>(
      await asUser('query ($m: ID!) { mailbox(id: $m) { path } }', { m: mailboxIds['\\Sent'] }),
    ).mailbox.path;
    expect(listed.sort()).toEqual(
      [
        ['Lunch on Friday?', 'INBOX'],
        ['Re: Lunch on Friday?', 'INBOX'],
        ['Re: Lunch on Friday?', sentPath],
      ].sort(),
    );
    // Scoped to Sent, the same conversation is found through its Sent message.
    const inSent = dataOf<{ threads: { edges: { node: { id: string } }[] } }>(
      await asUser('query ($m: ID) { threads(first: 5, mailboxId: $m) { edges { node { id } } } }', {
        m: mailboxIds['\\Sent'],
      }),
    );
    expect(inSent.threads.edges.map((edge) => edge.node.id)).toContain(lunch.id);
  });

  it('keeps drafts, and runs its filter and autoreply on the next LMTP delivery', async () => {
    const draft = dataOf<{ saveDraft: { id: string; draft: boolean } }>(
      await asUser('mutation ($input: SendMessageInput!) { saveDraft(input: $input) { id draft } }', {
        input: { to: [{ address: 'erin@remote.example' }], subject: 'Not yet', text: 'v1' },
      }),
    );
    const updated = dataOf<{ updateDraft: { id: string; subject: string } }>(
      await asUser(
        'mutation ($id: ID!, $input: SendMessageInput!) { updateDraft(id: $id, input: $input) { id subject } }',
        {
          id: draft.saveDraft.id,
          input: { subject: 'Nearly', text: 'v2' },
        },
      ),
    );
    expect(updated.updateDraft.subject).toBe('Nearly');

    const filter = dataOf<{ createFilter: { id: string } }>(
      await asUser('mutation ($input: CreateFilterInput!) { createFilter(input: $input) { id } }', {
        input: {
          name: 'Boss to Work',
          query: { from: 'boss@example.org' },
          action: { mailbox: mailboxIds['Work'], flag: true },
        },
      }),
    );
    expect(filter.createFilter.id).toEqual(expect.any(String));
    dataOf(
      await asUser('mutation ($input: AutoreplyInput!) { setAutoreply(input: $input) { enabled } }', {
        input: { enabled: true, subject: 'Away', text: 'Back on Monday.' },
      }),
    );
    await deliver('Status report', [], 'boss@example.org');
    const work = dataOf<{ messages: Page }>(
      await asUser(`query ($m: ID!) { messages(mailboxId: $m, first: 1) { ${PAGE_FIELDS} } }`, {
        m: mailboxIds['Work'],
      }),
    ).messages;
    expect(work.edges[0]?.node).toMatchObject({ subject: 'Status report', flagged: true });
    await waitUntil(() => sink.messages.some((message) => message.to.includes('boss@example.org')));
    expect(sink.messages.find((message) => message.to.includes('boss@example.org'))!.raw).toContain(
      'Back on Monday.',
    );
  });

  it('creates an application password that IMAP accepts, and signs out', async () => {
    const created = dataOf<{ createApplicationPassword: { password: string } }>(
      await asUser(
        'mutation { createApplicationPassword(description: "phone", scopes: ["imap"]) { password } }',
      ),
    );
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port: protocols.imapPort,
      secure: false,
      tls: { rejectUnauthorized: false },
      auth: { user: username, pass: created.createApplicationPassword.password },
      logger: false,
    });
    await imap.connect();
    const status = await imap.status('Work', { messages: true });
    expect(status && status.messages).toBe(3);
    await imap.logout();

    expect(dataOf<{ signOut: boolean }>(await asUser('mutation { signOut }')).signOut).toBe(true);
    expect(errorCodeOf(await asUser('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });
});
