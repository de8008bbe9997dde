import { AccessTokenService } from '@eider/accounts';
import type { MessageDocument } from '@eider/mailstore';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';
import { header, startRelaySink, type RelaySink, type Sunk } from './relay-sink.test-helper';

describe('POST /users/:user/submit', () => {
  let api: ApiHarness;
  let sink: RelaySink;
  let alice: TestUser;
  let bob: TestUser;
  let aliceAddress: string;

  const submit = (user: TestUser, json: unknown, token: string | null = user.token) =>
    api.call<{
      message: { id: number; mailbox: string; size: number; messageId: string; queueId: string | false };
    }>('POST', `/users/${user.id}/submit`, { token, json });

  const storedIn = async (user: TestUser, path: string): Promise<MessageDocument[]> => {
    const mailbox = await api.store.mailboxes.getByPath(user.user._id, path);
    const uids = await api.store.messages.listUids(mailbox._id);
    return Promise.all(uids.map((uid) => api.store.messages.get(mailbox._id, uid)));
  };

  const storeParent = async (user: TestUser, raw: string) => {
    const inbox = await api.store.mailboxes.getByPath(user.user._id, 'INBOX');
    const message = await api.store.ingest.add(inbox, Buffer.from(raw.replace(/\n/g, '\r\n')));
    return { mailbox: inbox._id.toHexString(), id: message.uid, inbox };
  };

  beforeAll(async () => {
    sink = await startRelaySink();
    api = await startApiHarness((config) => {
      config.lmtp.relay.url = sink.url;
    });
    alice = await api.createUser('senda');
    bob = await api.createUser('sendb');
    aliceAddress = `${alice.user.username}@example.test`;
  });
  afterAll(async () => {
    await api?.close();
    await sink?.stop();
  });

  it('sends through the relay with Bcc only in the envelope, and keeps a \\Seen copy in Sent', async () => {
    const before = sink.messages.length;
    const response = await submit(alice, {
      to: [{ name: 'Carol Example', address: 'carol@example.org' }],
      cc: [{ address: 'dave@example.net' }],
      bcc: [{ address: 'hidden@example.com' }],
      subject: 'Quarterly numbers ✓',
      text: 'See attached.',
      html: '<p>See <b>attached</b>.</p>',
      headers: [{ key: 'X-Project', value: 'eider' }],
      attachments: [
        {
          filename: 'report.txt',
          contentType: 'text/plain',
          content: Buffer.from('numbers').toString('base64'),
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      message: {
        id: expect.any(Number),
        mailbox: expect.stringMatching(/^[0-9a-f]{24}$/),
        size: expect.any(Number),
        messageId: expect.stringMatching(/^<.+@.+>$/),
        queueId: 'SINK1',
      },
      queueId: 'SINK1',
    });
    expect(sink.messages.length).toBe(before + 1);
    const sent = sink.messages.at(-1) as Sunk;
    expect(sent.from).toBe(aliceAddress);
    expect(sent.to.sort()).toEqual(['carol@example.org', 'dave@example.net', 'hidden@example.com']);
    expect(header(sent.raw, 'Bcc')).toBeNull();
    expect(sent.raw).not.toContain('hidden@example.com');
    expect(header(sent.raw, 'From')).toContain(aliceAddress);
    expect(header(sent.raw, 'X-Project')).toBe('eider');
    expect(sent.raw).toContain('filename=report.txt');

    const copies = await storedIn(alice, 'Sent');
    const copy = copies.find((message) => message.uid === response.body.message.id);
    expect(copy?.msgid).toBe(header(sent.raw, 'Message-ID'));
    expect(copy?.msgid).toBe(response.body.message.messageId);
    expect(copy?.flags).toEqual(['\\Seen']);
    expect(copy?.mailbox.toHexString()).toBe(response.body.message.mailbox);
    expect(copy?.hasAttachments).toBe(true);
  });

  it('threads a reply under its parent, answers the sender by default and marks the parent \\Answered', async () => {
    const parent = await storeParent(
      alice,
      [
        'From: Erin <erin@example.org>',
        `To: ${aliceAddress}`,
        'Subject: Lunch?',
        'Message-ID: <parent-1@example.org>',
        'References: <root-1@example.org>',
        '',
        'Lunch on Friday?',
        '',
      ].join('\n'),
    );
    const response = await submit(alice, {
      reference: { mailbox: parent.mailbox, id: parent.id, action: 'reply' },
      text: 'Yes!',
    });
    expect(response.status).toBe(200);
    const sent = sink.messages.at(-1) as Sunk;
    expect(sent.to).toEqual(['erin@example.org']);
    expect(header(sent.raw, 'In-Reply-To')).toBe('<parent-1@example.org>');
    expect(header(sent.raw, 'References')).toBe('<root-1@example.org> <parent-1@example.org>');
    expect(header(sent.raw, 'Subject')).toBe('Re: Lunch?');
    const flagged = await api.store.messages.get(parent.inbox._id, parent.id);
    expect(flagged.flags).toContain('\\Answered');
  });

  it("forwards with the parent's attachments and marks the parent $Forwarded", async () => {
    const parent = await storeParent(
      alice,
      [
        'From: frank@example.org',
        `To: ${aliceAddress}`,
        'Subject: Photo',
        'Message-ID: <parent-2@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'Here it is.',
        '--b1',
        'Content-Type: image/png; name="pixel.png"',
        'Content-Disposition: attachment; filename="pixel.png"',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        '--b1--',
        '',
      ].join('\n'),
    );
    const response = await submit(alice, {
      reference: { mailbox: parent.mailbox, id: parent.id, action: 'forward', attachments: true },
      to: [{ address: 'grace@example.com' }],
      text: 'FYI',
    });
    expect(response.status).toBe(200);
    const sent = sink.messages.at(-1) as Sunk;
    expect(sent.to).toEqual(['grace@example.com']);
    expect(header(sent.raw, 'Subject')).toBe('Fwd: Photo');
    expect(header(sent.raw, 'References')).toBe('<parent-2@example.org>');
    expect(header(sent.raw, 'In-Reply-To')).toBeNull();
    expect(sent.raw).toContain('filename="pixel.png"');
    expect(sent.raw).toContain('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk');
    const flagged = await api.store.messages.get(parent.inbox._id, parent.id);
    expect(flagged.flags).toContain('$Forwarded');

    // Without a note of its own the forward must still be a whole message, not the bare attachment.
    const bare = await submit(alice, {
      reference: { mailbox: parent.mailbox, id: parent.id, action: 'forward', attachments: true },
      to: [{ address: 'heidi@example.com' }],
    });
    expect(bare.status).toBe(200);
    const forwarded = sink.messages.at(-1) as Sunk;
    expect(header(forwarded.raw, 'Subject')).toBe('Fwd: Photo');
    expect(header(forwarded.raw, 'To')).toBe('heidi@example.com');
    expect(header(forwarded.raw, 'From')).toContain(aliceAddress);
    expect(forwarded.raw).toContain('filename="pixel.png"');
  });

  it('refuses header injection with 400 and sends and stores nothing', async () => {
    const before = sink.messages.length;
    const sentBefore = (await storedIn(alice, 'Sent')).length;
    const cases: unknown[] = [
      { to: [{ address: 'x@example.com' }], subject: 'Hi\r\nBcc: victim@example.com' },
      { to: [{ address: 'x@example.com' }], subject: 'Hi\nX-Evil: 1' },
      { to: [{ name: 'Eve\r\nBcc: victim@example.com', address: 'x@example.com' }], text: 'x' },
      {
        to: [{ address: 'x@example.com' }],
        headers: [{ key: 'X-Ok', value: 'a\r\nBcc: victim@example.com' }],
      },
      { to: [{ address: 'x@example.com' }], headers: [{ key: 'Bcc', value: 'victim@example.com' }] },
      { to: [{ address: 'x@example.com' }], headers: [{ key: 'From', value: 'ceo@example.com' }] },
      { to: [{ address: 'x@example.com' }], headers: [{ key: 'X-Bad: y', value: 'z' }] },
      { to: [{ address: 'x@example.com\r\nRCPT TO:<victim@example.com>' }] },
      { to: [{ address: 'x@example.com' }], attachments: [{ filename: 'a\r\n.txt', content: 'eA==' }] },
    ];
    for (const json of cases) {
      const response = await submit(alice, json);
      expect({ json, status: response.status, code: response.body['code'] }).toEqual({
        json,
        status: 400,
        code: 'InputValidationError',
      });
    }
    expect(sink.messages.length).toBe(before);
    expect((await storedIn(alice, 'Sent')).length).toBe(sentBefore);
  });

  it('refuses a From the user does not own with 400', async () => {
    const before = sink.messages.length;
    for (const address of ['ceo@example.com', `${bob.user.username}@example.test`]) {
      const response = await submit(alice, {
        from: { address },
        to: [{ address: 'x@example.com' }],
        text: 'x',
      });
      expect(response.status).toBe(400);
      expect(response.body['error']).toMatch(/not one of the user's addresses/);
    }
    const envelope = await submit(alice, {
      envelope: { from: { address: 'ceo@example.com' } },
      to: [{ address: 'x@example.com' }],
    });
    expect(envelope.status).toBe(400);
    expect(sink.messages.length).toBe(before);
    const own = await submit(alice, {
      from: { name: 'A', address: aliceAddress.toUpperCase() },
      to: [{ address: 'x@example.com' }],
    });
    expect(own.status).toBe(200);
  });

  it('refuses recipients over the daily limit with 403 RecipientLimitExceeded, sending and storing nothing', async () => {
    const limited = await api.createUser('sendlimit');
    await api.store.db
      .collection('users')
      .updateOne({ _id: limited.user._id }, { $set: { limits: { recipients: 2 } } });
    const before = sink.messages.length;
    const ok = await submit(limited, { to: [{ address: 'one@example.com' }], text: 'x' });
    expect(ok.status).toBe(200);
    const over = await submit(limited, {
      to: [{ address: 'two@example.com' }, { address: 'three@example.com' }],
    });
    expect(over.status).toBe(403);
    expect(over.body['code']).toBe('RecipientLimitExceeded');
    expect(sink.messages.length).toBe(before + 1);
    expect((await storedIn(limited, 'Sent')).length).toBe(1);
    // A refused request consumed nothing: one more recipient still fits.
    expect((await submit(limited, { to: [{ address: 'two@example.com' }] })).status).toBe(200);
  });

  it('answers 502 SubmissionFailed when the relay refuses, storing nothing and giving the budget back', async () => {
    const user = await api.createUser('sendrefused');
    await api.store.db
      .collection('users')
      .updateOne({ _id: user.user._id }, { $set: { limits: { recipients: 1 } } });
    const response = await submit(user, { to: [{ address: 'refused@example.com' }], text: 'x' });
    expect(response.status).toBe(502);
    expect(response.body['code']).toBe('SubmissionFailed');
    expect((await storedIn(user, 'Sent')).length).toBe(0);
    expect((await submit(user, { to: [{ address: 'fine@example.com' }], text: 'x' })).status).toBe(200);
  });

  it('stores drafts in Drafts with \\Draft and uploadOnly copies in Sent, sending nothing', async () => {
    const before = sink.messages.length;
    const draft = await submit(alice, {
      isDraft: true,
      to: [{ address: 'later@example.com' }],
      subject: 'Draft',
    });
    expect(draft.status).toBe(200);
    const drafts = await storedIn(alice, 'Drafts');
    expect(drafts.find((message) => message.uid === draft.body.message.id)?.flags.sort()).toEqual([
      '\\Draft',
      '\\Seen',
    ]);
    const upload = await submit(alice, {
      uploadOnly: true,
      to: [{ address: 'later@example.com' }],
      subject: 'Kept',
    });
    expect(upload.status).toBe(200);
    expect(upload.body.message.queueId).toBe(false);
    expect(sink.messages.length).toBe(before);

    // Sending the draft replaces it.
    const drafted = await api.store.mailboxes.getByPath(alice.user._id, 'Drafts');
    const send = await submit(alice, {
      draft: { mailbox: drafted._id.toHexString(), id: draft.body.message.id },
      to: [{ address: 'later@example.com' }],
      subject: 'Now',
    });
    expect(send.status).toBe(200);
    expect((await storedIn(alice, 'Drafts')).some((message) => message.uid === draft.body.message.id)).toBe(
      false,
    );
  });

  it('answers 507 over quota before anything is sent', async () => {
    const full = await api.createUser('sendfull');
    await api.store.users.setQuota(full.user._id, 10);
    const before = sink.messages.length;
    const response = await submit(full, {
      to: [{ address: 'x@example.com' }],
      text: 'too big for ten bytes',
    });
    expect(response.status).toBe(507);
    expect(response.body['code']).toBe('OverQuotaError');
    expect(sink.messages.length).toBe(before);
  });

  it("keeps users apart and validates ids: 403 for another user's path, 404 for another user's message", async () => {
    expect((await submit(bob, { to: [{ address: 'x@example.com' }] }, alice.token)).status).toBe(403);
    const bobs = await storeParent(
      bob,
      'From: z@example.org\nSubject: private\nMessage-ID: <p3@example.org>\n\nhi\n',
    );
    const crossed = await submit(alice, {
      reference: { mailbox: bobs.mailbox, id: bobs.id, action: 'reply' },
    });
    expect(crossed.status).toBe(404);
    expect(crossed.body['code']).toBe('NoSuchMailbox');
    const aliceInbox = await api.store.mailboxes.getByPath(alice.user._id, 'INBOX');
    const missing = await submit(alice, {
      reference: { mailbox: aliceInbox._id.toHexString(), id: 999999, action: 'reply' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body['code']).toBe('MessageNotFound');
    const bobMessage = await api.store.messages.get(bobs.inbox._id, bobs.id);
    expect(bobMessage.flags).not.toContain('\\Answered');

    for (const json of [
      { to: 'x@example.com' },
      { to: [{ address: 'not-an-address' }] },
      { mailbox: 'INBOX' },
      { to: [{ address: 'x@example.com' }], unknown: 1 },
      { to: [{ address: 'x@example.com' }], sendTime: '2999-01-01T00:00:00Z' },
      { to: [{ address: 'x@example.com' }], attachments: [{ content: 'not base64!' }] },
      {},
    ]) {
      const response = await submit(alice, json);
      expect({ json, status: response.status }).toEqual({ json, status: 400 });
    }
    const readOnly = await api.app.get(AccessTokenService).issue({
      user: alice.user._id,
      role: 'readonly',
      ttlSeconds: 600,
    });
    expect((await submit(alice, { to: [{ address: 'x@example.com' }] }, readOnly.token)).status).toBe(403);
  });

  it('documents the route in the OpenAPI document', async () => {
    const document = await api.call<{ paths: Record<string, unknown> }>('GET', '/openapi.json', {
      token: null,
    });
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/users/{user}/submit',
        '/users/{user}/filters',
        '/users/{user}/filters/{filter}',
        '/users/{user}/autoreply',
        '/filters',
      ]),
    );
  });

  it('accepts internationalised recipient addresses', async () => {
    const response = await submit(alice, { to: [{ address: 'андрис@уайлддак.орг' }], subject: 'Привет' });
    expect(response.status).toBe(200);
    expect((sink.messages.at(-1) as Sunk).to).toEqual(['андрис@уайлддак.орг']);
  });
});

describe('POST /users/:user/submit without a relay', () => {
  let api: ApiHarness;
  afterAll(async () => api?.close());

  it('answers 503 SubmissionFailed and stores nothing, while drafts still work', async () => {
    api = await startApiHarness((config) => {
      config.lmtp.relay.url = '';
    });
    const user = await api.createUser('norelay');
    const response = await api.call('POST', `/users/${user.id}/submit`, {
      token: user.token,
      json: { to: [{ address: 'x@example.com' }], text: 'x' },
    });
    expect(response.status).toBe(503);
    expect(response.body['code']).toBe('SubmissionFailed');
    const sent = await api.store.mailboxes.getByPath(user.user._id, 'Sent');
    expect(await api.store.messages.listUids(sent._id)).toEqual([]);
    const draft = await api.call('POST', `/users/${user.id}/submit`, {
      token: user.token,
      json: { isDraft: true, text: 'x' },
    });
    expect(draft.status).toBe(200);
  });
});
