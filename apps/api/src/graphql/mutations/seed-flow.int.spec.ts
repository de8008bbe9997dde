import { ObjectId } from 'mongodb';
import { startApiHarness, type ApiHarness } from '../../testing/api-test.harness';
import { header, startRelaySink, type RelaySink } from '../../submission/relay-sink.test-helper';
import { dataOf, errorCode, graphqlCall, type GraphqlReply } from './graphql-call.test-helper';

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'));

/** The seed's flow, done entirely through GraphQL (only the delivery itself goes through the store). */
describe('GraphQL mutations: the seed flow', () => {
  let api: ApiHarness;
  let sink: RelaySink;
  const run = Date.now().toString(36);
  const username = `gqlseed${run}`;
  const address = `${username}@example.test`;
  let userId: string;
  let token: string;
  let inboxId: string;
  let sentId: string;
  let archiveId: string;

  const gql = (query: string, variables: Record<string, unknown> = {}): Promise<GraphqlReply> =>
    graphqlCall(api, query, variables, token);

  const deliver = async (subject: string, from = 'carol@example.org') => {
    const inbox = await api.store.mailboxes.getByPath(new ObjectId(userId), 'INBOX');
    return api.store.ingest.add(
      inbox,
      crlf(
        `From: Carol <${from}>\nTo: ${address}\nSubject: ${subject}\nMessage-ID: <${subject.replace(/\W/g, '')}.${run}@example.org>\n` +
          `Date: Tue, 03 Mar 2026 10:00:00 +0000\nContent-Type: text/plain\n\nHello about ${subject}\n`,
      ),
    );
  };

  beforeAll(async () => {
    sink = await startRelaySink();
    api = await startApiHarness((config) => {
      config.lmtp.relay.url = sink.url;
    });
  });
  afterAll(async () => {
    await api?.close();
    await sink?.stop();
  });

  it('creates the user as root and answers it', async () => {
    const created = dataOf(
      await graphqlCall(
        api,
        `mutation ($input: CreateUserInput!) { createUser(input: $input) { id username name disabled quota { allowed used } } }`,
        { input: { username, password: 'correct horse battery', name: 'Seed User', quota: 1073741824 } },
      ),
    );
    expect(created['createUser']).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      username,
      name: 'Seed User',
      disabled: false,
      quota: { allowed: 1073741824, used: 0 },
    });
    userId = created['createUser'].id;
    const issued = await api.call<{ token: string }>('POST', `/users/${userId}/tokens`, { json: {} });
    expect(issued.status).toBe(200);
    token = issued.body.token;
  });

  it('adds the address (the first one becomes main) and finds the default mailboxes', async () => {
    const added = dataOf(
      await graphqlCall(
        api,
        `mutation ($userId: ID!, $address: String!) { addAddress(userId: $userId, address: $address) { id address main } }`,
        { userId, address },
      ),
    );
    expect(added['addAddress']).toEqual({ id: expect.any(String), address, main: true });
    const mailboxes = dataOf(await gql('{ mailboxes { id path specialUse } }'))['mailboxes'] as {
      id: string;
      path: string;
      specialUse: string | null;
    }[];
    inboxId = mailboxes.find((mailbox) => mailbox.path === 'INBOX')!.id;
    sentId = mailboxes.find((mailbox) => mailbox.specialUse === '\\Sent')!.id;
    const archive = dataOf(await gql('mutation { createMailbox(path: "Archive/2026") { id path name } }'));
    expect(archive['createMailbox']).toEqual({ id: expect.any(String), path: 'Archive/2026', name: '2026' });
    archiveId = archive['createMailbox'].id;
  });

  it('lists delivered mail, flags it, moves it and answers the changed messages', async () => {
    await deliver('First note');
    await deliver('Second note');
    const listed = dataOf(
      await gql(
        'query ($m: ID!) { messages(mailboxId: $m, first: 10) { edges { node { id subject seen } } } }',
        {
          m: inboxId,
        },
      ),
    );
    const nodes = (
      listed['messages'].edges as { node: { id: string; subject: string; seen: boolean } }[]
    ).map((edge) => edge.node);
    expect(nodes.map((node) => [node.subject, node.seen])).toEqual([
      ['Second note', false],
      ['First note', false],
    ]);
    const ids = nodes.map((node) => node.id);

    const flagged = dataOf(
      await gql(
        'mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, seen: true, flagged: true) { id seen flagged flags } }',
        {
          ids,
        },
      ),
    );
    expect(flagged['setMessageFlags']).toEqual(
      ids.map((id) => ({
        id,
        seen: true,
        flagged: true,
        flags: expect.arrayContaining(['\\Seen', '\\Flagged']),
      })),
    );
    const unflagged = dataOf(
      await gql(
        'mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, flagged: false) { id seen flagged } }',
        {
          ids: [ids[0]],
        },
      ),
    );
    expect(unflagged['setMessageFlags']).toEqual([{ id: ids[0], seen: true, flagged: false }]);

    const moved = dataOf(
      await gql(
        'mutation ($ids: [ID!]!, $to: ID!) { moveMessages(ids: $ids, mailboxId: $to) { id subject seen mailbox { id path } } }',
        { ids, to: archiveId },
      ),
    );
    const movedMessages = moved['moveMessages'] as { id: string; subject: string; mailbox: { id: string } }[];
    expect(movedMessages.map((message) => message.subject).sort()).toEqual(['First note', 'Second note']);
    for (const message of movedMessages) {
      expect(message.id).toMatch(new RegExp(`^${archiveId}:\\d+$`));
      expect(message.mailbox).toEqual({ id: archiveId, path: 'Archive/2026' });
    }
    const inboxAfter = dataOf(
      await gql('query ($m: ID!) { messages(mailboxId: $m, first: 10) { totalCount } }', { m: inboxId }),
    );
    expect(inboxAfter['messages'].totalCount).toBe(0);
    const gone = await gql('query ($id: ID!) { message(id: $id) { id } }', { id: ids[0] });
    expect(errorCode(gone)).toBe('NOT_FOUND');
  });

  it('sends a message through the relay and answers the Sent copy', async () => {
    const before = sink.messages.length;
    const sent = dataOf(
      await gql(
        `mutation ($input: SendMessageInput!) {
           sendMessage(input: $input) { id subject seen to { name address } from { address } hasAttachments mailbox { id } }
         }`,
        {
          input: {
            to: [{ name: 'Dave', address: 'dave@example.net' }],
            bcc: [{ address: 'hidden@example.com' }],
            subject: 'Numbers',
            text: 'See attached.',
            attachments: [
              { filename: 'n.txt', contentType: 'text/plain', content: Buffer.from('42').toString('base64') },
            ],
          },
        },
      ),
    );
    expect(sent['sendMessage']).toMatchObject({
      id: expect.stringMatching(new RegExp(`^${sentId}:\\d+$`)),
      subject: 'Numbers',
      seen: true,
      to: [{ name: 'Dave', address: 'dave@example.net' }],
      from: { address },
      hasAttachments: true,
      mailbox: { id: sentId },
    });
    expect(sink.messages.length).toBe(before + 1);
    const relayed = sink.messages.at(-1)!;
    expect(relayed.to.sort()).toEqual(['dave@example.net', 'hidden@example.com']);
    expect(header(relayed.raw, 'Bcc')).toBeNull();
    expect(header(relayed.raw, 'Subject')).toBe('Numbers');
  });

  it('replies to and forwards a received message, marking it answered', async () => {
    const parent = await deliver('Question');
    const parentId = `${inboxId}:${parent.uid}`;
    const reply = dataOf(
      await gql(
        `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id subject to { address } thread } }`,
        { input: { text: 'Answer.', reference: { id: parentId, action: 'REPLY' } } },
      ),
    );
    expect(reply['sendMessage']).toMatchObject({
      subject: 'Re: Question',
      to: [{ address: 'carol@example.org' }],
    });
    expect(header(sink.messages.at(-1)!.raw, 'In-Reply-To')).toContain('Question');
    const parentNow = dataOf(
      await gql('query ($id: ID!) { message(id: $id) { answered thread } }', { id: parentId }),
    );
    expect(parentNow['message'].answered).toBe(true);
    expect(parentNow['message'].thread).toBe(reply['sendMessage'].thread);

    const forward = dataOf(
      await gql(`mutation ($input: SendMessageInput!) { sendMessage(input: $input) { subject forwarded } }`, {
        input: { to: [{ address: 'erin@example.com' }], reference: { id: parentId, action: 'FORWARD' } },
      }),
    );
    expect(forward['sendMessage'].subject).toMatch(/^Fwd: Question$/i);
    expect(sink.messages.at(-1)!.to).toEqual(['erin@example.com']);
  });

  it('saves a draft and replaces it with a new version, sending nothing', async () => {
    const before = sink.messages.length;
    const saved = dataOf(
      await gql(
        `mutation ($input: SendMessageInput!) { saveDraft(input: $input) { id subject draft seen mailbox { specialUse } } }`,
        {
          input: { to: [{ address: 'frank@example.com' }], subject: 'Draft one', text: 'v1' },
        },
      ),
    );
    expect(saved['saveDraft']).toMatchObject({
      subject: 'Draft one',
      draft: true,
      mailbox: { specialUse: '\\Drafts' },
    });
    const updated = dataOf(
      await gql(
        `mutation ($id: ID!, $input: SendMessageInput!) { updateDraft(id: $id, input: $input) { id subject text draft } }`,
        { id: saved['saveDraft'].id, input: { subject: 'Draft two', text: 'v2' } },
      ),
    );
    expect(updated['updateDraft']).toMatchObject({ subject: 'Draft two', draft: true });
    expect(updated['updateDraft'].text).toContain('v2');
    expect(updated['updateDraft'].id).not.toBe(saved['saveDraft'].id);
    const old = await gql('query ($id: ID!) { message(id: $id) { id } }', { id: saved['saveDraft'].id });
    expect(errorCode(old)).toBe('NOT_FOUND');
    expect(sink.messages.length).toBe(before);
  });

  it('uploads raw messages (text or base64) and deletes messages in bulk, answering them as they were', async () => {
    const raw = 'From: a@example.org\r\nSubject: Uploaded\r\n\r\nBody\r\n';
    const asText = dataOf(
      await gql(
        'mutation ($m: ID!, $raw: String!) { uploadMessage(mailboxId: $m, raw: $raw, flags: ["\\\\Flagged", "$Label1"], date: "2026-01-02T03:04:05Z") { id subject seen flagged flags internalDate size } }',
        { m: archiveId, raw },
      ),
    );
    expect(asText['uploadMessage']).toMatchObject({
      subject: 'Uploaded',
      seen: false,
      flagged: true,
      flags: expect.arrayContaining(['$Label1']),
      internalDate: '2026-01-02T03:04:05.000Z',
      size: Buffer.byteLength(raw),
    });
    const asBase64 = dataOf(
      await gql(
        'mutation ($m: ID!, $raw: String!) { uploadMessage(mailboxId: $m, raw: $raw) { id subject } }',
        {
          m: archiveId,
          raw: Buffer.from(raw.replace('Uploaded', 'Encoded')).toString('base64'),
        },
      ),
    );
    expect(asBase64['uploadMessage'].subject).toBe('Encoded');

    const ids = [asText['uploadMessage'].id, asBase64['uploadMessage'].id];
    const deleted = dataOf(
      await gql('mutation ($ids: [ID!]!) { deleteMessages(ids: $ids) { id subject } }', { ids }),
    );
    expect(deleted['deleteMessages']).toEqual([
      { id: ids[0], subject: 'Uploaded' },
      { id: ids[1], subject: 'Encoded' },
    ]);
    for (const id of ids) {
      expect(errorCode(await gql('query ($id: ID!) { message(id: $id) { id } }', { id }))).toBe('NOT_FOUND');
    }
  });

  it('changes and moves messages spanning mailboxes, answering them in the order named', async () => {
    const upload = (mailboxId: string, subject: string) =>
      gql('mutation ($m: ID!, $raw: String!) { uploadMessage(mailboxId: $m, raw: $raw) { id } }', {
        m: mailboxId,
        raw: `From: a@example.org\r\nSubject: ${subject}\r\n\r\nBody\r\n`,
      }).then((reply) => dataOf(reply)['uploadMessage'].id as string);
    const inArchive = await upload(archiveId, 'In archive');
    const inInbox = await upload(inboxId, 'In inbox');
    const alsoInbox = await upload(inboxId, 'Also in inbox');
    const named = [alsoInbox, inArchive, inInbox];

    const flagged = dataOf(
      await gql(
        'mutation ($ids: [ID!]!) { setMessageFlags(ids: $ids, answered: true, seen: true) { id subject answered seen } }',
        {
          ids: named,
        },
      ),
    )['setMessageFlags'];
    expect(flagged).toEqual([
      { id: alsoInbox, subject: 'Also in inbox', answered: true, seen: true },
      { id: inArchive, subject: 'In archive', answered: true, seen: true },
      { id: inInbox, subject: 'In inbox', answered: true, seen: true },
    ]);

    const moved = dataOf(
      await gql(
        'mutation ($ids: [ID!]!, $to: ID!) { moveMessages(ids: $ids, mailboxId: $to) { id subject answered } }',
        {
          ids: named,
          to: archiveId,
        },
      ),
    )['moveMessages'] as { id: string; subject: string; answered: boolean }[];
    expect(moved.map((message) => message.subject)).toEqual(['Also in inbox', 'In archive', 'In inbox']);
    // Already in the target: unchanged; the others got new ids in the target.
    expect(moved[1]!.id).toBe(inArchive);
    for (const message of moved) {
      expect(message.id).toMatch(new RegExp(`^${archiveId}:\\d+$`));
      expect(message.answered).toBe(true);
    }
    const inboxUids = await api.store.messages.listUids(new ObjectId(inboxId));
    expect(inboxUids).not.toContain(Number(inInbox.split(':')[1]));
  });

  it('forwards a message with its attachments', async () => {
    const sent = await api.store.mailboxes.findBySpecialUse(new ObjectId(userId), '\\Sent');
    const [firstUid] = await api.store.messages.listUids(sent!._id);
    const forward = dataOf(
      await gql(
        `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { subject hasAttachments attachments { filename } } }`,
        {
          input: {
            to: [{ address: 'gina@example.com' }],
            text: 'FYI',
            reference: { id: `${sentId}:${firstUid}`, action: 'FORWARD', forwardAttachments: true },
          },
        },
      ),
    )['sendMessage'];
    expect(forward).toMatchObject({
      subject: 'Fwd: Numbers',
      hasAttachments: true,
      attachments: [{ filename: 'n.txt' }],
    });
    expect(sink.messages.at(-1)!.raw).toContain('n.txt');
  });
});
