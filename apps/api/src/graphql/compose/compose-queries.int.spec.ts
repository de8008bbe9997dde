import { startApiHarness, type ApiHarness, type TestUser } from '../../testing/api-test.harness';
import { header, startRelaySink, type RelaySink } from '../../submission/relay-sink.test-helper';
import { dataOf, errorCode, graphqlCall, type GraphqlReply } from '../mutations/graphql-call.test-helper';

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'));

/** What the webmail's composer reads besides messages: address suggestions, limits, and sending a draft. */
describe('GraphQL compose queries', () => {
  let api: ApiHarness;
  let sink: RelaySink;
  let alice: TestUser;
  let bob: TestUser;

  const asAlice = (query: string, variables: Record<string, unknown> = {}): Promise<GraphqlReply> =>
    graphqlCall(api, query, variables, alice.token);

  const deliver = async (user: TestUser, headers: string, date: Date) => {
    const inbox = await api.store.mailboxes.getByPath(user.user._id, 'INBOX');
    await api.store.ingest.add(
      inbox,
      crlf(`${headers}\nSubject: hi\nDate: ${date.toUTCString()}\n\nHello\n`),
      {
        idate: date,
      },
    );
  };

  beforeAll(async () => {
    sink = await startRelaySink();
    api = await startApiHarness((config) => {
      config.lmtp.relay.url = sink.url;
    });
    alice = await api.createUser('gqlcontacts');
    bob = await api.createUser('gqlcontacts');
    await deliver(
      alice,
      'From: Carol Jones <carol@example.org>\nTo: alice@example.test\nCc: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.net>',
      new Date('2026-01-01T10:00:00Z'),
    );
    await deliver(
      alice,
      'From: carol@example.org\nTo: Alice <alice@example.test>, Dan <DAN@Example.com>',
      new Date('2026-02-01T10:00:00Z'),
    );
    await deliver(
      bob,
      'From: Secret Sam <sam@example.org>\nTo: bob@example.test',
      new Date('2026-02-02T10:00:00Z'),
    );
  });
  afterAll(async () => {
    await api?.close();
    await sink?.stop();
  });

  it('suggests correspondents matching the query in name or address, newest use first', async () => {
    const all = dataOf(await asAlice('{ contacts(query: "") { name address lastUsed } }'))['contacts'] as {
      address: string;
    }[];
    expect(all.map((contact) => contact.address.toLowerCase()).sort()).toEqual([
      'alice@example.test',
      'carol@example.org',
      'dan@example.com',
      'renee@example.net',
    ]);
    const carol = dataOf(await asAlice('{ contacts(query: "CAR") { name address lastUsed } }'))['contacts'];
    // The newer message had no name for Carol; the older one's name is kept.
    expect(carol).toEqual([
      { name: 'Carol Jones', address: 'carol@example.org', lastUsed: '2026-02-01T10:00:00.000Z' },
    ]);
    const byName = dataOf(await asAlice('{ contacts(query: "renée") { name address } }'))['contacts'];
    expect(byName).toEqual([{ name: 'Renée', address: 'renee@example.net' }]);
    const substring = dataOf(await asAlice('{ contacts(query: "example.com") { address } }'))['contacts'];
    expect(substring).toEqual([{ address: 'DAN@Example.com' }]);
  });

  it("honours first and never shows another user's correspondents", async () => {
    const one = dataOf(await asAlice('{ contacts(query: "example", first: 1) { address } }'))['contacts'];
    expect(one).toHaveLength(1);
    expect(dataOf(await asAlice('{ contacts(query: "sam") { address } }'))['contacts']).toEqual([]);
    expect(errorCode(await asAlice('{ contacts(query: "a", first: 500) { address } }'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await graphqlCall(api, '{ contacts(query: "a") { address } }', {}, null))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('answers the compose limits', async () => {
    const limits = dataOf(await asAlice('{ composeLimits { maxMessageSize maxAttachmentBytes } }'))[
      'composeLimits'
    ] as {
      maxMessageSize: number;
      maxAttachmentBytes: number;
    };
    expect(limits.maxMessageSize).toBeGreaterThan(0);
    expect(limits.maxAttachmentBytes).toBeGreaterThan(0);
    expect(limits.maxAttachmentBytes).toBeLessThanOrEqual(limits.maxMessageSize);
  });

  it('sends a stored draft and deletes it', async () => {
    const saved = dataOf(
      await asAlice('mutation ($input: SendMessageInput!) { saveDraft(input: $input) { id } }', {
        input: { to: [{ address: 'dan@example.com' }], subject: 'From a draft', text: 'v1' },
      }),
    )['saveDraft'];
    const sent = dataOf(
      await asAlice(
        'mutation ($input: SendMessageInput!, $draftId: ID) { sendMessage(input: $input, draftId: $draftId) { subject mailbox { specialUse } } }',
        {
          input: { to: [{ address: 'dan@example.com' }], subject: 'From a draft', text: 'v2' },
          draftId: saved.id,
        },
      ),
    )['sendMessage'];
    expect(sent).toEqual({ subject: 'From a draft', mailbox: { specialUse: '\\Sent' } });
    expect(header(sink.messages.at(-1)!.raw, 'Subject')).toBe('From a draft');
    expect(errorCode(await asAlice('query ($id: ID!) { message(id: $id) { id } }', { id: saved.id }))).toBe(
      'NOT_FOUND',
    );
  });
});
