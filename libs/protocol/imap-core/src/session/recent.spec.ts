import type { ImapHookContext, MailboxChanges, SelectResult } from '../imap-backend';
import { ImapServer } from '../imap-server';
import { MemoryImapBackend } from '../testing/memory-backend';
import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const msg = (n: number): string => `From: a@example.com\r\nSubject: m${n}\r\n\r\nbody ${n}\r\n`;

describe('\\Recent (IMAP4rev1)', () => {
  let h: MemoryServerHandle;
  let a: RawImapClient;
  let b: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    h.backend.deliver('alice', 'INBOX', msg(1));
    h.backend.deliver('alice', 'INBOX', msg(2), ['\\Seen']);
    a = await RawImapClient.connect(h.port);
    b = await RawImapClient.connect(h.port);
    await a.login();
    await b.login();
  });
  afterEach(async () => {
    a.close();
    b.close();
    await h.close();
  });

  it('gives a message to the first session that selects the mailbox, and to no other', async () => {
    expect(await a.command('s', 'SELECT INBOX')).toContain('* 2 RECENT\r\n');
    expect(await b.command('s', 'SELECT INBOX')).toContain('* 0 RECENT\r\n');
    const fa = await a.command('f', 'FETCH 1:2 (FLAGS)');
    expect(fa).toContain('* 1 FETCH (FLAGS (\\Recent))');
    expect(fa).toContain('* 2 FETCH (FLAGS (\\Recent \\Seen))');
    const fb = await b.command('f', 'FETCH 1:2 (FLAGS)');
    expect(fb).toContain('* 1 FETCH (FLAGS ())');
    expect(fb).not.toContain('\\Recent');
    expect(await b.command('r', 'SEARCH RECENT')).toContain('* SEARCH\r\n');
    expect(await b.command('o', 'SEARCH OLD')).toContain('* SEARCH 1 2\r\n');
    expect(await a.command('n', 'SEARCH NEW')).toContain('* SEARCH 1\r\n');
  });

  it('EXAMINE reports recent messages without claiming them; STATUS RECENT counts unclaimed ones', async () => {
    expect(await a.command('e', 'EXAMINE INBOX')).toContain('* 2 RECENT\r\n');
    expect(await a.command('f', 'FETCH 1 (FLAGS)')).toContain('* 1 FETCH (FLAGS (\\Recent))');
    await a.command('c', 'CLOSE');
    expect(await a.command('st', 'STATUS INBOX (MESSAGES RECENT)')).toContain(
      '* STATUS INBOX (MESSAGES 2 RECENT 2)',
    );
    expect(await a.command('s', 'SELECT INBOX')).toContain('* 2 RECENT\r\n');
    await a.command('c2', 'CLOSE');
    expect(await a.command('st2', 'STATUS INBOX (RECENT)')).toContain('* STATUS INBOX (RECENT 0)');
    expect(await a.command('s2', 'SELECT INBOX')).toContain('* 0 RECENT\r\n');
  });

  it('sends * n RECENT after EXISTS to the session that learns of a new message first', async () => {
    await a.command('s', 'SELECT INBOX');
    await b.command('s', 'SELECT INBOX');
    h.backend.deliver('alice', 'INBOX', msg(3));
    const rb = await b.command('n', 'NOOP');
    expect(rb).toContain('* 3 EXISTS\r\n* 1 RECENT\r\n');
    expect(await b.command('f', 'FETCH 3 (FLAGS)')).toContain('* 3 FETCH (FLAGS (\\Recent))');
    const ra = await a.command('n', 'NOOP');
    expect(ra).toContain('* 3 EXISTS\r\n');
    expect(ra).not.toContain('RECENT'); // still 2: nothing changed for this session
    expect(await a.command('f', 'FETCH 3 (FLAGS)')).toContain('* 3 FETCH (FLAGS ())');
  });

  it('STORE can neither clear nor set \\Recent, and expunged messages leave the set', async () => {
    await a.command('s', 'SELECT INBOX');
    expect(await a.command('st', 'STORE 1 FLAGS (\\Deleted)')).toContain(
      '* 1 FETCH (FLAGS (\\Recent \\Deleted))',
    );
    expect(await a.command('st2', 'STORE 2 FLAGS ()')).toContain('* 2 FETCH (FLAGS (\\Recent))');
    expect(await a.command('bad', 'STORE 2 +FLAGS (\\Recent)')).toMatch(/bad BAD/);
    expect(await a.command('x', 'EXPUNGE')).toContain('* 1 EXPUNGE');
    expect(await a.command('r', 'SEARCH RECENT')).toContain('* SEARCH 1\r\n');
    expect(await a.command('u', 'UID SEARCH RECENT')).toContain('* SEARCH 2\r\n');
    h.backend.deliver('alice', 'INBOX', msg(3));
    expect(await a.command('n', 'NOOP')).toContain('* 2 EXISTS\r\n* 2 RECENT\r\n');
  });

  it('gives IMAP4rev2 sessions no RECENT responses and no \\Recent flags', async () => {
    await a.command('en', 'ENABLE IMAP4rev2');
    expect(await a.command('s', 'SELECT INBOX')).not.toContain('RECENT');
    h.backend.deliver('alice', 'INBOX', msg(3));
    const r = await a.command('n', 'NOOP');
    expect(r).toContain('* 3 EXISTS\r\n');
    expect(r).not.toContain('RECENT');
    expect(await a.command('f', 'FETCH 1:3 (FLAGS)')).not.toContain('\\Recent');
    expect(await a.command('r', 'SEARCH RETURN (COUNT) RECENT')).toContain('COUNT 0');
  });

  it('sends OK [UNSEEN n] with the first unseen message to rev1 sessions only', async () => {
    h.backend.deliver('alice', 'INBOX', msg(3));
    await a.command('s0', 'SELECT INBOX');
    await a.command('st', 'STORE 1 +FLAGS (\\Seen)');
    expect(await a.command('s', 'SELECT INBOX')).toContain('* OK [UNSEEN 3]');
    await a.command('st2', 'STORE 3 +FLAGS (\\Seen)');
    expect(await a.command('s2', 'SELECT INBOX')).not.toContain('UNSEEN');
    await b.command('en', 'ENABLE IMAP4rev2');
    await b.command('st3', 'SELECT INBOX');
    await b.command('st4', 'STORE 2 -FLAGS (\\Seen)');
    expect(await b.command('s3', 'SELECT INBOX')).not.toContain('UNSEEN');
  });
});

/** A backend that does not track \Recent: the hook fields stay absent. */
class NoRecentBackend extends MemoryImapBackend {
  override async select(
    ctx: ImapHookContext,
    path: string,
    options: { readOnly: boolean },
  ): Promise<SelectResult> {
    const { recentUids: _dropped, ...rest } = await super.select(ctx, path, options);
    return rest;
  }
  override async changesSince(
    ctx: ImapHookContext,
    mailboxId: string,
    modseq: number,
  ): Promise<MailboxChanges> {
    const { recent: _dropped, ...rest } = await super.changesSince(ctx, mailboxId, modseq);
    return rest;
  }
}

describe('\\Recent without backend support', () => {
  it('reports RECENT 0 and no \\Recent flags', async () => {
    const backend = new NoRecentBackend();
    backend.deliver('alice', 'INBOX', msg(1));
    const server = new ImapServer({ allowPlaintextAuth: true, backend });
    const { port } = await server.listen(0);
    const c = await RawImapClient.connect(port);
    try {
      await c.login();
      expect(await c.command('s', 'SELECT INBOX')).toContain('* 0 RECENT\r\n');
      backend.deliver('alice', 'INBOX', msg(2));
      const n = await c.command('n', 'NOOP');
      expect(n).toContain('* 2 EXISTS\r\n');
      expect(n).not.toContain('RECENT');
      expect(await c.command('f', 'FETCH 1:2 (FLAGS)')).not.toContain('\\Recent');
      expect(await c.command('r', 'SEARCH RECENT')).toContain('* SEARCH\r\n');
      expect(await c.command('o', 'SEARCH OLD')).toContain('* SEARCH 1 2\r\n');
    } finally {
      c.close();
      await server.close();
    }
  });
});
