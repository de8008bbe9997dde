import { ImapFlow } from 'imapflow';

import { startMemoryServer, type MemoryServerHandle } from './memory-server';

describe('imapflow against the memory server', () => {
  let h: MemoryServerHandle;
  beforeAll(async () => {
    h = await startMemoryServer();
  });
  afterAll(async () => {
    await h.close();
  });

  it('logs in, appends, lists, fetches, searches, moves and idles', async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: h.port,
      secure: false,
      auth: { user: 'alice', pass: 'secret' },
      logger: false,
    });
    await client.connect();
    const raw =
      'From: Bob <bob@example.com>\r\nSubject: Grüße\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo Welt\r\n';
    const appended = await client.append('INBOX', Buffer.from(raw), ['\\Flagged']);
    expect(appended && appended.uid).toBe(1);
    const boxes = await client.list();
    expect(boxes.map((b) => b.path)).toEqual(expect.arrayContaining(['INBOX', 'Sent', 'Trash']));
    const lock = await client.getMailboxLock('INBOX');
    try {
      const msg = await client.fetchOne('1', {
        source: true,
        envelope: true,
        flags: true,
        bodyStructure: true,
      });
      expect(msg && msg.source?.toString()).toBe(raw);
      expect(msg && msg.envelope?.from?.[0]?.address).toBe('bob@example.com');
      expect(msg && [...(msg.flags ?? [])]).toContain('\\Flagged');
      const found = await client.search({ body: 'Welt' }, { uid: true });
      expect(found).toEqual([1]);
      await client.messageFlagsAdd('1', ['\\Seen']);
      const moved = await client.messageMove('1', 'Trash');
      expect(moved && moved.uidMap?.get(1)).toBe(1);
    } finally {
      lock.release();
    }
    const status = await client.status('Trash', { messages: true, unseen: true });
    expect(status && status.messages).toBe(1);
    expect(status && status.unseen).toBe(0);
    await client.logout();
  }, 20_000);
});
