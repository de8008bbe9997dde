import { AccessTokenService } from '@eider/accounts';
import type { MailboxDocument } from '@eider/mailstore';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

const rfc822 = (subject: string, body = 'Hello there.\r\n'): Buffer =>
  Buffer.from(
    `From: Sender <sender@example.test>\r\nTo: rcpt@example.test\r\nSubject: ${subject}\r\n` +
      `Message-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@example.test>\r\n` +
      `Date: Tue, 02 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n${body}`,
  );

const readBack = async (api: ApiHarness, mailbox: MailboxDocument, uid: number): Promise<Buffer> => {
  const message = await api.store.messages.get(mailbox._id, uid);
  const chunks: Buffer[] = [];
  for await (const chunk of api.store.messages.rebuild(message.tree))
    chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};

const MAX_MESSAGE = 256 * 1024;

describe('Message changes and uploads', () => {
  let api: ApiHarness;
  let alice: TestUser;
  let bob: TestUser;
  let readonlyToken: string;
  const boxes: Record<string, Record<string, MailboxDocument>> = {};

  const box = (owner: TestUser, path: string): MailboxDocument => {
    const found = boxes[owner.id]?.[path];
    if (!found) throw new Error(`no mailbox ${path}`);
    return found;
  };
  const base = (owner: TestUser, path: string): string =>
    `/users/${owner.id}/mailboxes/${box(owner, path)._id.toHexString()}/messages`;
  const seed = async (owner: TestUser, path: string, count: number): Promise<number[]> => {
    const uids: number[] = [];
    for (let index = 0; index < count; index++) {
      const stored = await api.store.ingest.add(box(owner, path), rfc822(`seed ${path} ${index}`));
      uids.push(stored.uid);
    }
    return uids;
  };
  const flagsOf = async (owner: TestUser, path: string, uid: number): Promise<string[]> =>
    (await api.store.messages.get(box(owner, path)._id, uid)).flags;

  beforeAll(async () => {
    api = await startApiHarness((config) => {
      config.limits.maxMessageSize = MAX_MESSAGE;
    });
    alice = await api.createUser('chg');
    bob = await api.createUser('chgother');
    for (const owner of [alice, bob]) {
      const list = await api.store.mailboxes.list(owner.user._id);
      boxes[owner.id] = Object.fromEntries(list.map((mailbox) => [mailbox.path, mailbox]));
    }
    readonlyToken = (
      await api.app.get(AccessTokenService).issue({ user: alice.user._id, role: 'readonly', ttlSeconds: 600 })
    ).token;
  });
  afterAll(async () => api?.close());

  describe('flags', () => {
    it('sets and clears flags on one message, journaled for IMAP sessions', async () => {
      const [uid] = await seed(alice, 'INBOX', 1);
      const before = await api.store.allocator.allocateModseq(box(alice, 'INBOX')._id);
      const response = await api.call('PUT', `${base(alice, 'INBOX')}/${uid}`, {
        token: alice.token,
        json: { seen: true, flagged: true, answered: true },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, updated: 1 });
      expect(await flagsOf(alice, 'INBOX', uid ?? 0)).toEqual(
        expect.arrayContaining(['\\Seen', '\\Flagged', '\\Answered']),
      );
      const journal = await api.store.journal.changesSince(box(alice, 'INBOX')._id, before);
      expect(journal.filter((entry) => entry.kind === 'flags' && entry.uid === uid)).not.toHaveLength(0);

      const cleared = await api.call('PUT', `${base(alice, 'INBOX')}/${uid}`, {
        token: alice.token,
        json: { seen: 'false', flagged: false },
      });
      expect(cleared.body).toEqual({ success: true, updated: 1 });
      expect(await flagsOf(alice, 'INBOX', uid ?? 0)).toEqual(['\\Answered']);
    });

    it('updates a UID selector in bulk and counts what matched', async () => {
      const uids = await seed(alice, 'Archive', 5);
      const [first, , third, , fifth] = uids;
      const response = await api.call('PUT', base(alice, 'Archive'), {
        token: alice.token,
        json: { message: `${first}:${third},${fifth},999999`, deleted: true },
      });
      expect(response.body).toEqual({ success: true, updated: 4 });
      const deleted = await api.store.queries.counts(box(alice, 'Archive')._id);
      expect(deleted.deleted).toBe(4);
      const open = await api.call('PUT', base(alice, 'Archive'), {
        token: alice.token,
        json: { message: `${first}:*`, deleted: false },
      });
      expect(open.body).toEqual({ success: true, updated: 5 });
      expect((await api.store.queries.counts(box(alice, 'Archive')._id)).deleted).toBe(0);
    });

    it('answers 404 when the selector matches nothing, 400 for bad selectors and empty changes', async () => {
      const notFound = await api.call('PUT', `${base(alice, 'INBOX')}/987654`, {
        token: alice.token,
        json: { seen: true },
      });
      expect(notFound.status).toBe(404);
      expect(notFound.body['code']).toBe('MessageNotFound');
      for (const message of ['abc', '0', '1:', '*', '']) {
        const bad = await api.call('PUT', base(alice, 'INBOX'), {
          token: alice.token,
          json: { message, seen: true },
        });
        expect(bad.status).toBe(400);
      }
      const pathBad = await api.call('PUT', `${base(alice, 'INBOX')}/x1`, {
        token: alice.token,
        json: { seen: true },
      });
      expect(pathBad.status).toBe(400);
      const nothing = await api.call('PUT', `${base(alice, 'INBOX')}/1`, { token: alice.token, json: {} });
      expect(nothing.status).toBe(400);
      const wrongType = await api.call('PUT', `${base(alice, 'INBOX')}/1`, {
        token: alice.token,
        json: { seen: 'maybe' },
      });
      expect(wrongType.status).toBe(400);
      const unknownField = await api.call('PUT', `${base(alice, 'INBOX')}/1`, {
        token: alice.token,
        json: { seen: true, colour: 'red' },
      });
      expect(unknownField.status).toBe(400);
    });
  });

  describe('move', () => {
    it('moves one message: mapping, source gone, target has it, journal entries on both sides', async () => {
      const [uid] = await seed(alice, 'INBOX', 1);
      const source = box(alice, 'INBOX');
      const target = box(alice, 'Trash');
      const sourceFrom = await api.store.allocator.allocateModseq(source._id);
      const targetFrom = await api.store.allocator.allocateModseq(target._id);
      const response = await api.call('PUT', `${base(alice, 'INBOX')}/${uid}`, {
        token: alice.token,
        json: { moveTo: target._id.toHexString(), seen: true },
      });
      expect(response.status).toBe(200);
      const mapping = response.body['id'] as [number, number][];
      expect(response.body).toMatchObject({ success: true, mailbox: target._id.toHexString() });
      expect(mapping).toHaveLength(1);
      expect(mapping[0]?.[0]).toBe(uid);
      const newUid = mapping[0]?.[1] ?? 0;
      await expect(api.store.messages.get(source._id, uid ?? 0)).rejects.toMatchObject({
        code: 'MESSAGE_NOT_FOUND',
      });
      expect((await api.store.messages.get(target._id, newUid)).flags).toContain('\\Seen');
      const sourceJournal = await api.store.journal.changesSince(source._id, sourceFrom);
      expect(sourceJournal.some((entry) => entry.kind === 'expunge' && entry.uid === uid)).toBe(true);
      const targetJournal = await api.store.journal.changesSince(target._id, targetFrom);
      expect(targetJournal.some((entry) => entry.kind === 'exists' && entry.uid === newUid)).toBe(true);
    });

    it('moves a selector in bulk with an old/new UID pair for each message', async () => {
      const uids = await seed(alice, 'Drafts', 4);
      const target = box(alice, 'Junk');
      const response = await api.call('PUT', base(alice, 'Drafts'), {
        token: alice.token,
        json: { message: uids.join(','), moveTo: target._id.toHexString() },
      });
      expect(response.status).toBe(200);
      const pairs = response.body['id'] as [number, number][];
      expect(pairs.map((pair) => pair[0])).toEqual(uids);
      expect(new Set(pairs.map((pair) => pair[1])).size).toBe(4);
      expect((await api.store.queries.counts(box(alice, 'Drafts')._id)).messages).toBe(0);
      for (const [, newUid] of pairs) {
        expect((await api.store.messages.get(target._id, newUid)).subject).toMatch(/^seed Drafts/);
      }
    });

    it("refuses another user's target mailbox (404, nothing moved) and the same mailbox (400)", async () => {
      const [uid] = await seed(alice, 'INBOX', 1);
      const foreign = await api.call('PUT', `${base(alice, 'INBOX')}/${uid}`, {
        token: alice.token,
        json: { moveTo: box(bob, 'INBOX')._id.toHexString() },
      });
      expect(foreign.status).toBe(404);
      expect(foreign.body['code']).toBe('NoSuchMailbox');
      expect((await api.store.messages.get(box(alice, 'INBOX')._id, uid ?? 0)).uid).toBe(uid);
      const same = await api.call('PUT', `${base(alice, 'INBOX')}/${uid}`, {
        token: alice.token,
        json: { moveTo: box(alice, 'INBOX')._id.toHexString() },
      });
      expect(same.status).toBe(400);
      const missing = await api.call('PUT', `${base(alice, 'INBOX')}/987654`, {
        token: alice.token,
        json: { moveTo: box(alice, 'Trash')._id.toHexString() },
      });
      expect(missing.status).toBe(404);
      expect(missing.body['code']).toBe('MessageNotFound');
    });
  });

  describe('delete', () => {
    it('deletes one message outright and journals the expunge', async () => {
      const [uid] = await seed(alice, 'INBOX', 1);
      const from = await api.store.allocator.allocateModseq(box(alice, 'INBOX')._id);
      const response = await api.call('DELETE', `${base(alice, 'INBOX')}/${uid}`, { token: alice.token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true });
      await expect(api.store.messages.get(box(alice, 'INBOX')._id, uid ?? 0)).rejects.toMatchObject({
        code: 'MESSAGE_NOT_FOUND',
      });
      const journal = await api.store.journal.changesSince(box(alice, 'INBOX')._id, from);
      expect(journal.some((entry) => entry.kind === 'expunge' && entry.uid === uid)).toBe(true);
      const again = await api.call('DELETE', `${base(alice, 'INBOX')}/${uid}`, { token: alice.token });
      expect(again.status).toBe(404);
      expect(again.body['code']).toBe('MessageNotFound');
      const bad = await api.call('DELETE', `${base(alice, 'INBOX')}/1:3`, { token: alice.token });
      expect(bad.status).toBe(400);
    });

    it('empties a mailbox', async () => {
      await seed(alice, 'Sent', 3);
      const response = await api.call('DELETE', base(alice, 'Sent'), { token: alice.token });
      expect(response.body).toEqual({ success: true, deleted: 3, errors: 0 });
      expect((await api.store.queries.counts(box(alice, 'Sent')._id)).messages).toBe(0);
    });
  });

  describe('upload', () => {
    it('stores a message/rfc822 body byte for byte, seen by default', async () => {
      const raw = Buffer.concat([
        rfc822('raw upload', 'Body with a bare LF\nand CRLF\r\n'),
        Buffer.from([0xe9, 0x0a]),
      ]);
      const response = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        body: raw,
        contentType: 'message/rfc822',
      });
      expect(response.status).toBe(200);
      const message = response.body['message'] as { id: number; mailbox: string; size: number };
      expect(message).toEqual({
        id: expect.any(Number),
        mailbox: box(alice, 'INBOX')._id.toHexString(),
        size: raw.length,
      });
      expect((await readBack(api, box(alice, 'INBOX'), message.id)).equals(raw)).toBe(true);
      expect(await flagsOf(alice, 'INBOX', message.id)).toEqual(['\\Seen']);
      const eml = await api.call('GET', `${base(alice, 'INBOX')}/${message.id}/message.eml`, {
        token: alice.token,
      });
      expect(eml.status).toBe(200);
      expect(eml.raw.equals(raw)).toBe(true);
    });

    it('stores JSON raw (base64 or text) with flags and the internal date', async () => {
      const raw = rfc822('json upload');
      const date = '2023-05-06T07:08:09.000Z';
      const response = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        json: { raw: raw.toString('base64'), unseen: true, flagged: true, flags: ['$Label1'], date },
      });
      expect(response.status).toBe(200);
      const id = (response.body['message'] as { id: number }).id;
      expect((await readBack(api, box(alice, 'INBOX'), id)).equals(raw)).toBe(true);
      const stored = await api.store.messages.get(box(alice, 'INBOX')._id, id);
      expect(stored.flags.sort()).toEqual(['$Label1', '\\Flagged']);
      expect(stored.idate.toISOString()).toBe(date);

      const text = rfc822('text upload');
      const asText = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        json: { raw: text.toString('utf8'), draft: 'true' },
      });
      const textId = (asText.body['message'] as { id: number }).id;
      expect((await readBack(api, box(alice, 'INBOX'), textId)).equals(text)).toBe(true);
      expect(await flagsOf(alice, 'INBOX', textId)).toEqual(['\\Seen', '\\Draft']);
    });

    it('rejects bad uploads: wrong types, bad flags, empty bodies, other content types', async () => {
      const cases = [
        { raw: 42 },
        { raw: 'x', flags: ['bad flag'] },
        { raw: 'x', date: 'yesterday' },
        { raw: '' },
        { raw: 'x', extra: true },
      ];
      for (const json of cases) {
        const response = await api.call('POST', base(alice, 'INBOX'), { token: alice.token, json });
        expect(response.status).toBe(400);
        expect(response.body['code']).toBe('InputValidationError');
      }
      const empty = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        body: '',
        contentType: 'message/rfc822',
      });
      expect(empty.status).toBe(400);
      const plain = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        body: 'hello',
        contentType: 'text/plain',
      });
      expect(plain.status).toBe(415);
    });

    it('answers 507 over quota and stores nothing', async () => {
      const user = await api.createUser('chgquota');
      const inbox = await api.store.mailboxes.getByPath(user.user._id, 'INBOX');
      await api.store.users.setQuota(user.user._id, 50);
      const response = await api.call(
        'POST',
        `/users/${user.id}/mailboxes/${inbox._id.toHexString()}/messages`,
        {
          token: user.token,
          body: rfc822('too big for quota'),
          contentType: 'message/rfc822',
        },
      );
      expect(response.status).toBe(507);
      expect(response.body['code']).toBe('OverQuotaError');
      expect((await api.store.queries.counts(inbox._id)).messages).toBe(0);
    });

    it('answers 413 for a message over the size limit, raw or JSON', async () => {
      const big = Buffer.concat([rfc822('big'), Buffer.alloc(MAX_MESSAGE, 0x61)]);
      const raw = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        body: big,
        contentType: 'message/rfc822',
      });
      expect(raw.status).toBe(413);
      const json = await api.call('POST', base(alice, 'INBOX'), {
        token: alice.token,
        json: { raw: big.toString('base64') },
      });
      expect(json.status).toBe(413);
      expect(json.body['code']).toBe('MessageTooLarge');
    });
  });

  describe('isolation and tokens', () => {
    it("answers 403 for another user's path, before anything changes", async () => {
      const [uid] = await seed(bob, 'INBOX', 1);
      const calls: [string, string, Record<string, unknown> | undefined][] = [
        ['PUT', `${base(bob, 'INBOX')}/${uid}`, { seen: true }],
        ['PUT', base(bob, 'INBOX'), { message: String(uid), seen: true }],
        ['DELETE', `${base(bob, 'INBOX')}/${uid}`, undefined],
        ['DELETE', base(bob, 'INBOX'), undefined],
        ['POST', base(bob, 'INBOX'), { raw: rfc822('intruder').toString('base64') }],
      ];
      for (const [method, path, json] of calls) {
        const response = await api.call(method, path, { token: alice.token, ...(json ? { json } : {}) });
        expect(response.status).toBe(403);
      }
      expect(await flagsOf(bob, 'INBOX', uid ?? 0)).toEqual([]);
      expect((await api.store.queries.counts(box(bob, 'INBOX')._id)).messages).toBe(1);
    });

    it("answers 404 for another user's mailbox id under one's own user", async () => {
      const [uid] = await seed(bob, 'Archive', 1);
      const foreign = `/users/${alice.id}/mailboxes/${box(bob, 'Archive')._id.toHexString()}/messages`;
      const calls: [string, string, Record<string, unknown> | undefined][] = [
        ['PUT', `${foreign}/${uid}`, { seen: true }],
        ['PUT', foreign, { message: String(uid), seen: true }],
        ['DELETE', `${foreign}/${uid}`, undefined],
        ['DELETE', foreign, undefined],
        ['POST', foreign, { raw: rfc822('intruder').toString('base64') }],
      ];
      for (const [method, path, json] of calls) {
        const response = await api.call(method, path, { token: alice.token, ...(json ? { json } : {}) });
        expect(response.status).toBe(404);
        expect(response.body['code']).toBe('NoSuchMailbox');
      }
      expect((await api.store.queries.counts(box(bob, 'Archive')._id)).messages).toBe(1);
      const badId = await api.call('PUT', `/users/${alice.id}/mailboxes/nothex/messages/1`, {
        token: alice.token,
        json: { seen: true },
      });
      expect(badId.status).toBe(400);
    });

    it('refuses every write to a read-only token', async () => {
      const [uid] = await seed(alice, 'INBOX', 1);
      const calls: [string, string, Record<string, unknown> | undefined][] = [
        ['PUT', `${base(alice, 'INBOX')}/${uid}`, { seen: true }],
        ['DELETE', `${base(alice, 'INBOX')}/${uid}`, undefined],
        ['POST', base(alice, 'INBOX'), { raw: rfc822('readonly').toString('base64') }],
      ];
      for (const [method, path, json] of calls) {
        const response = await api.call(method, path, { token: readonlyToken, ...(json ? { json } : {}) });
        expect(response.status).toBe(403);
      }
      expect(await flagsOf(alice, 'INBOX', uid ?? 0)).toEqual([]);
    });
  });
});
