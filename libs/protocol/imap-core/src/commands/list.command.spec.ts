import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const u8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const fromWire = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

describe('LIST / LSUB / CREATE / RENAME / DELETE', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    c = await RawImapClient.connect(h.port);
    await c.login();
    await c.command('c1', 'CREATE Work/Projects/Eider');
    await c.command('c2', 'CREATE "Entw&APw-rfe" (USE (\\Drafts))');
    await c.command('u1', 'UNSUBSCRIBE Work');
    await c.command('u2', 'UNSUBSCRIBE Work/Projects');
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('lists with * and % wildcards and child attributes', async () => {
    const all = await c.command('a', 'LIST "" *');
    expect(all).toContain('* LIST (\\HasNoChildren) "/" INBOX');
    expect(all).toContain('* LIST (\\HasChildren) "/" Work');
    expect(all).toContain('* LIST (\\HasNoChildren) "/" Work/Projects/Eider');
    expect(all).toContain('* LIST (\\HasNoChildren \\Drafts) "/" Entw&APw-rfe');
    expect(all).toContain('* LIST (\\HasNoChildren \\Sent) "/" Sent');
    const top = await c.command('b', 'LIST "" %');
    expect(top).not.toContain('Work/Projects');
    const ref = await c.command('r', 'LIST Work/ %');
    expect(ref.match(/\* LIST/g)).toHaveLength(1);
    expect(ref).toContain('"/" Work/Projects');
    expect(await c.command('i', 'LIST "" inbox')).toContain('"/" INBOX');
  });

  it('answers the delimiter query', async () => {
    expect(await c.command('a', 'LIST "" ""')).toContain('* LIST (\\Noselect) "/" ""');
  });

  it('supports LIST-EXTENDED selection and return options', async () => {
    const sub = await c.command('a', 'LIST (SUBSCRIBED) "" *');
    expect(sub).not.toMatch(/"\/" Work\r\n/);
    expect(sub).toContain('(\\HasNoChildren \\Subscribed) "/" Work/Projects/Eider');
    const rec = await c.command('b', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" %');
    expect(rec).toContain('* LIST (\\HasChildren) "/" Work ("CHILDINFO" ("SUBSCRIBED"))');
    const special = await c.command('c', 'LIST (SPECIAL-USE) "" * RETURN (SPECIAL-USE)');
    expect(special.match(/\* LIST/g)).toHaveLength(3);
    const ret = await c.command(
      'd',
      'LIST "" (INBOX Sent) RETURN (SUBSCRIBED CHILDREN STATUS (MESSAGES UIDNEXT SIZE))',
    );
    expect(ret).toContain(
      '* LIST (\\HasNoChildren \\Subscribed) "/" INBOX\r\n* STATUS INBOX (MESSAGES 0 UIDNEXT 1 SIZE 0)',
    );
    expect(ret).toContain('* STATUS Sent (');
    expect(await c.command('e', 'LIST (RECURSIVEMATCH) "" *')).toMatch(/e BAD/);
  });

  it('uses UTF-8 names once UTF8=ACCEPT is enabled', async () => {
    await c.command('en', 'ENABLE UTF8=ACCEPT');
    const r = await c.command('a', 'LIST "" Entw*');
    expect(fromWire(r)).toContain('"/" "Entwürfe"');
    expect(await c.command('s', u8('SELECT "Entwürfe"'))).toMatch(/s OK/);
  });

  it('LSUB returns subscribed mailboxes', async () => {
    const r = await c.command('a', 'LSUB "" *');
    expect(r).toContain('* LSUB () "/" INBOX');
    expect(r).not.toMatch(/"\/" Work\r\n/);
  });

  it('renames with children and deletes', async () => {
    expect(await c.command('a', 'RENAME Work Job')).toMatch(/a OK/);
    const r = await c.command('b', 'LIST "" *');
    expect(r).toContain('"/" Job/Projects/Eider');
    expect(r).not.toContain('Work');
    expect(await c.command('c', 'DELETE Job/Projects/Eider')).toMatch(/c OK/);
    expect(await c.command('d', 'DELETE Job/Projects/Eider')).toMatch(/d NO \[NONEXISTENT\]/);
    expect(await c.command('e', 'DELETE INBOX')).toMatch(/e NO \[CANNOT\]/);
    expect(await c.command('f', 'CREATE Sent')).toMatch(/f NO \[ALREADYEXISTS\]/);
    expect(await c.command('g', 'CREATE X (USE (\\Bogus))')).toMatch(/g NO \[USEATTR\]/);
  });
});
