import { RawImapClient } from '../testing/raw-imap-client';
import { useMemorySession } from '../testing/memory-session';

const message = (subject: string): string => `Subject: ${subject}\r\n\r\nbody\r\n`;

describe('NOTIFY (RFC 5465)', () => {
  const session = useMemorySession({
    seed: (backend) => {
      backend.deliver('alice', 'INBOX', message('one'));
      backend.deliver('alice', 'Trash', message('old'));
    },
  });

  /** A second session of the same user, to make changes the first one is told about. */
  const other = async (): Promise<RawImapClient> => {
    const client = await RawImapClient.connect(session.server.port);
    await client.login();
    return client;
  };

  it('is advertised and sends the initial STATUS each event calls for', async () => {
    const { client } = session;
    expect(await client.command('c', 'CAPABILITY')).toMatch(/ NOTIFY[ \r]/);
    expect(await client.command('a', 'NOTIFY SET STATUS (MAILBOXES Trash (MessageExpunge))')).toMatch(
      /\* STATUS Trash \(MESSAGES 1\)\r\na OK/,
    );
    expect(await client.command('b', 'NOTIFY SET STATUS (MAILBOXES Trash (MessageNew))')).toMatch(
      /\* STATUS Trash \(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \d+\)/,
    );
    expect(await client.command('d', 'NOTIFY SET STATUS (MAILBOXES Trash (FlagChange))')).toMatch(
      /\* STATUS Trash \(UIDVALIDITY \d+ HIGHESTMODSEQ \d+\)/,
    );
    // The selected mailbox is never reported through STATUS.
    expect(
      await client.command('e', 'NOTIFY SET STATUS (PERSONAL (MessageNew MessageExpunge))'),
    ).not.toContain('STATUS INBOX');
    expect(await client.command('f', 'NOTIFY SET (MAILBOXES Trash (MessageNew))')).not.toContain('STATUS');
  });

  it('pushes STATUS for another mailbox between commands, and the selected mailbox at once', async () => {
    const { client, server } = session;
    await client.command(
      'a',
      'NOTIFY SET (SELECTED (MessageNew MessageExpunge FlagChange)) (PERSONAL (MessageNew MessageExpunge))',
    );
    server.backend.deliver('alice', 'Trash', message('new'));
    expect(await client.waitFor(/\* STATUS Trash \(MESSAGES 2 UIDNEXT 3 UIDVALIDITY \d+\)\r\n/)).toBeTruthy();
    server.backend.deliver('alice', 'INBOX', message('two'));
    expect(await client.waitFor(/\* 2 EXISTS\r\n/)).toBeTruthy();
    const writer = await other();
    await writer.command('s', 'SELECT INBOX');
    await writer.command('f', 'STORE 1 +FLAGS (\\Flagged)');
    expect(await client.waitFor(/\* 1 FETCH \(UID 1 FLAGS \([^)]*\\Flagged[^)]*\)\)\r\n/)).toBeTruthy();
    writer.close();
  });

  it('reports mailboxes created, renamed, deleted and unsubscribed as LIST', async () => {
    const { client } = session;
    await client.command('a', 'NOTIFY SET (PERSONAL (MailboxName SubscriptionChange))');
    const writer = await other();
    await writer.command('c', 'CREATE Projects');
    expect(await client.waitFor(/\* LIST \(\\Subscribed\) "\/" Projects\r\n/)).toBeTruthy();
    await writer.command('r', 'RENAME Projects Archive');
    expect(
      await client.waitFor(/\* LIST \([^)]*\) "\/" Archive \("OLDNAME" \(Projects\)\)\r\n/),
    ).toBeTruthy();
    await writer.command('u', 'UNSUBSCRIBE Archive');
    expect(await client.waitFor(/\* LIST \(\) "\/" Archive\r\n/)).toBeTruthy();
    await writer.command('d', 'DELETE Archive');
    expect(await client.waitFor(/\* LIST \(\\NonExistent\) "\/" Archive\r\n/)).toBeTruthy();
    writer.close();
  });

  it('holds pushes while a command runs, and stops after NOTIFY NONE', async () => {
    const { client, server } = session;
    await client.command('a', 'NOTIFY SET (MAILBOXES Trash (MessageNew MessageExpunge))');
    expect(await client.command('n', 'NOTIFY NONE')).toContain('n OK');
    server.backend.deliver('alice', 'Trash', message('quiet'));
    expect(await client.command('p', 'NOOP')).not.toContain('STATUS');
  });

  it('refuses events it does not report and malformed requests', async () => {
    const { client } = session;
    expect(await client.command('a', 'NOTIFY SET (PERSONAL (AnnotationChange))')).toMatch(
      /a NO \[BADEVENT \(MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange\)\]/,
    );
    expect(await client.command('b', 'NOTIFY SET (SELECTED (MessageNew (UID)))')).toMatch(/b NO \[BADEVENT/);
    for (const bad of [
      'NOTIFY',
      'NOTIFY SET',
      'NOTIFY SET (BOGUS (MessageNew))',
      'NOTIFY SET (PERSONAL (Nope))',
      'NOTIFY SET (MAILBOXES (MessageNew))',
      'NOTIFY NONE X',
    ])
      expect(await client.command('x', bad)).toMatch(/x BAD/);
    expect(await client.command('y', 'NOOP')).toContain('y OK');
  });
});
