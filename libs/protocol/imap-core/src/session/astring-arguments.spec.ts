import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

/** Atoms with every allowed special character, and NIL where an astring is expected. */
describe('astring arguments', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    h.backend.deliver('alice', 'INBOX', 'Subject: NIL\r\n\r\nbody says nil\r\n');
    h.backend.deliver('alice', 'INBOX', 'Subject: other\r\n\r\nnothing\r\n');
    c = await RawImapClient.connect(h.port);
    await c.login();
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('treats [ and ] as mailbox name characters', async () => {
    const name = "!#$&'+,-.0123456789:;<=>?@^_`|[}";
    // `&'+,-` is not valid modified UTF-7: no mailbox can have that name, but the syntax is fine.
    expect(await c.command('s', `SELECT ${name}`)).toMatch(/s NO \[CANNOT\]/);
    expect(await c.command('s1', 'SELECT nope[x')).toMatch(/s1 NO \[NONEXISTENT\]/);
    expect(await c.command('l', `LIST "" ${name}%*`)).toMatch(/\r\nl OK|^l OK/);
    expect(await c.command('l1', `LIST "" ${name}%*`)).not.toContain('* LIST');
    expect(await c.command('c', 'CREATE a[1]')).toMatch(/c OK/);
    expect(await c.command('l2', 'LIST "" a[*')).toContain('* LIST (\\HasNoChildren) "/" "a[1]"');
    expect(await c.command('s2', 'SELECT a[1]')).toMatch(/s2 OK/);
  });

  it('reads NIL as the string "NIL" in SEARCH, LIST and flag lists', async () => {
    await c.command('s', 'SELECT INBOX');
    expect(await c.command('a', 'SEARCH SUBJECT NIL')).toContain('* SEARCH 1\r\n');
    expect(await c.command('b', 'SEARCH BODY nil')).toContain('* SEARCH 1\r\n');
    expect(await c.command('l', 'LIST "" NIL')).toMatch(/l OK/);
    expect(await c.command('st', 'STORE 2 +FLAGS NIL')).toContain('* 2 FETCH (FLAGS (\\Recent NIL))');
    expect(await c.command('i', 'ID NIL')).toMatch(/i OK/);
  });
});
