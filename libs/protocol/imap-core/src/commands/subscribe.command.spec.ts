import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const lines = (r: string, prefix: string): string[] => r.split('\r\n').filter((l) => l.startsWith(prefix));

describe('SUBSCRIBE / LSUB / LIST (SUBSCRIBED)', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    c = await RawImapClient.connect(h.port);
    await c.login();
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('subscribes to a name that has no mailbox; LSUB and LIST (SUBSCRIBED) show it, plain LIST does not', async () => {
    expect(await c.command('a', 'SUBSCRIBE Missing')).toMatch(/a OK/);
    expect(await c.command('b', 'LSUB "" *')).toContain('* LSUB () "/" Missing\r\n');
    expect(await c.command('c', 'LIST (SUBSCRIBED) "" *')).toContain(
      '* LIST (\\NonExistent \\Subscribed) "/" Missing\r\n',
    );
    expect(await c.command('d', 'LIST "" *')).not.toContain('Missing');
    expect(await c.command('e', 'LIST "" * RETURN (SUBSCRIBED)')).not.toContain('Missing');
    expect(await c.command('f', 'UNSUBSCRIBE Missing')).toMatch(/f OK/);
    expect(await c.command('g', 'LSUB "" *')).not.toContain('Missing');
  });

  it('keeps CHILDREN attributes about real mailboxes only', async () => {
    await c.command('a', 'SUBSCRIBE INBOX/ghost');
    expect(await c.command('b', 'LIST "" INBOX')).toContain('* LIST (\\HasNoChildren) "/" INBOX\r\n');
    expect(await c.command('c', 'LIST (SUBSCRIBED) "" INBOX')).toContain(
      '* LIST (\\HasNoChildren \\Subscribed) "/" INBOX\r\n',
    );
  });

  it('keeps a subscription when the mailbox is deleted (RFC 3501 6.3.6)', async () => {
    await c.command('a', 'CREATE Temp');
    await c.command('b', 'SUBSCRIBE Temp');
    await c.command('c', 'DELETE Temp');
    expect(await c.command('d', 'LSUB "" Temp')).toContain('* LSUB () "/" Temp\r\n');
    expect(await c.command('e', 'LIST (SUBSCRIBED) "" Temp')).toContain('(\\NonExistent \\Subscribed)');
  });

  it('gives CHILDINFO only for subscribed descendants the answer does not list itself (RFC 5258)', async () => {
    await c.command('c', 'CREATE box/sub/leaf');
    await c.command('u1', 'UNSUBSCRIBE box');
    await c.command('u2', 'UNSUBSCRIBE box/sub');
    const parent = await c.command('a', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" (box/sub)');
    expect(parent).toContain('* LIST (\\HasChildren) "/" box/sub ("CHILDINFO" ("SUBSCRIBED"))');
    const both = await c.command('b', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" (box/sub box/sub/leaf)');
    expect(lines(both, '* LIST')).toEqual(['* LIST (\\HasNoChildren \\Subscribed) "/" box/sub/leaf']);
  });

  it('LSUB % returns an unsubscribed level with subscribed names below as \\Noselect, not the names below', async () => {
    for (const box of ['box/test', 'box/test2/test', 'box/test3/test3'])
      await c.command('c', `CREATE ${box}`);
    for (const box of ['box', 'box/test2', 'box/test3', 'box/test3/test3'])
      await c.command('u', `UNSUBSCRIBE ${box}`);
    const level = await c.command('a', 'LSUB "" box/%');
    expect(lines(level, '* LSUB')).toEqual(['* LSUB () "/" box/test', '* LSUB (\\Noselect) "/" box/test2']);
    expect(lines(await c.command('b', 'LSUB "" %'), '* LSUB')).toContain('* LSUB (\\Noselect) "/" box');
    // `*` reaches the subscribed names themselves, so no made-up parents.
    const deep = await c.command('d', 'LSUB "" *test');
    expect(lines(deep, '* LSUB')).toEqual(['* LSUB () "/" box/test', '* LSUB () "/" box/test2/test']);
    await c.command('s', 'SUBSCRIBE box/test2');
    expect(lines(await c.command('e', 'LSUB "" box/%'), '* LSUB')).toEqual([
      '* LSUB () "/" box/test',
      '* LSUB () "/" box/test2',
    ]);
  });
});
