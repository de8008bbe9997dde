import { connectImapFlow } from '../support/imapflow-client';
import { RawImapSession } from '../support/raw-imap-session';
import { createTestAccount, startProtocols, type RunningProtocols } from '../support/protocols-process';
import { sampleMessage as message } from '../support/sample-message';

/**
 * NOTIFY, CONTEXT=SEARCH and CATENATE on the real store, with the changes made through a second
 * protocols process, so the news can only travel through the journal and the Redis beacons.
 */
describe('IMAP NOTIFY, CONTEXT=SEARCH and CATENATE across processes', () => {
  let watching: RunningProtocols;
  let changing: RunningProtocols;
  const env = { EIDER_LMTP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false' };

  beforeAll(async () => {
    [watching, changing] = await Promise.all([startProtocols(env), startProtocols(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([watching?.stop(), changing?.stop()]);
  });

  it('pushes LIST and STATUS for mailboxes another process changes', async () => {
    const account = createTestAccount();
    const watcher = await RawImapSession.open(watching, account);
    const other = await connectImapFlow(changing, account);
    try {
      expect(await watcher.command('s', 'SELECT INBOX')).toContain('s OK');
      expect(
        await watcher.command(
          'n',
          'NOTIFY SET (SELECTED (MessageNew MessageExpunge)) (PERSONAL (MessageNew MessageExpunge MailboxName))',
        ),
      ).toContain('n OK');
      await other.mailboxCreate('Projects');
      // imapflow subscribes right after CREATE, so the news may come with the subscription or before it.
      expect(await watcher.waitFor(/\* LIST \((\\Subscribed)?\) "\/" Projects\r\n/, 5_000)).toBeTruthy();
      await other.append('Projects', message('filed'));
      expect(
        await watcher.waitFor(/\* STATUS Projects \(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \d+\)\r\n/, 5_000),
      ).toBeTruthy();
      // The selected mailbox's news comes without a command, as EXISTS.
      await other.append('INBOX', message('arrived'));
      expect(await watcher.waitFor(/\* 1 EXISTS\r\n/, 5_000)).toBeTruthy();
    } finally {
      watcher.close();
      await other.logout();
    }
  });

  it('keeps a live SEARCH current and joins stored parts with CATENATE', async () => {
    const account = createTestAccount();
    const other = await connectImapFlow(changing, account);
    const first = message('first');
    await other.append('INBOX', first);
    await other.append('INBOX', message('second'));
    const watcher = await RawImapSession.open(watching, account);
    try {
      expect(await watcher.command('s', 'SELECT INBOX')).toContain('s OK');
      expect(await watcher.command('u', 'UID SEARCH RETURN (UPDATE COUNT) SEEN')).toContain(
        '* ESEARCH (TAG "u") UID COUNT 0',
      );
      expect(await watcher.command('p', 'SEARCH RETURN (PARTIAL -1:-1) ALL')).toContain('PARTIAL (-1:-1 2)');
      const lock = await other.getMailboxLock('INBOX');
      try {
        await other.messageFlagsAdd('1', ['\\Seen']);
      } finally {
        lock.release();
      }
      expect(await watcher.command('a', 'NOOP')).toMatch(/\* ESEARCH \(TAG "u"\) UID ADDTO \(0 1\)/);

      const text = 'Catenated body\r\n';
      watcher.write(
        `c APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=HEADER" TEXT {${text.length}+}\r\n${text})\r\n`,
      );
      expect(await watcher.waitFor(/c (OK|NO|BAD).*\r\n/)).toMatch(/c OK \[APPENDUID \d+ 3\]/);
      const fetched = await watcher.command('f', 'UID FETCH 3 BODY.PEEK[]');
      const header = first.subarray(0, first.indexOf('\r\n\r\n') + 4).toString('latin1');
      expect(fetched).toContain(`${header}${text}`);
      watcher.write('b APPEND INBOX CATENATE (URL "/INBOX;UIDVALIDITY=1/;uid=1")\r\n');
      expect(await watcher.waitFor(/b (OK|NO|BAD).*\r\n/)).toContain('b NO [BADURL');
    } finally {
      watcher.close();
      await other.logout();
    }
  });
});
