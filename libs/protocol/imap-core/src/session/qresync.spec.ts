import { useMemorySession } from '../testing/memory-session';
import { RawImapClient } from '../testing/raw-imap-client';

const lines = (text: string): string[] => text.split('\r\n');

describe('CONDSTORE and QRESYNC', () => {
  const session = useMemorySession({
    select: null,
    seed: (backend) => {
      for (let i = 1; i <= 6; i++) backend.deliver('alice', 'INBOX', `Subject: ${i}\r\n\r\nbody\r\n`);
    },
  });

  /** Selects INBOX and answers its UIDVALIDITY and HIGHESTMODSEQ. */
  async function state(client: RawImapClient): Promise<{ validity: number; modseq: number }> {
    const text = await client.command('st', 'SELECT INBOX (CONDSTORE)');
    const validity = Number(/UIDVALIDITY (\d+)/.exec(text)?.[1]);
    const modseq = Number(/HIGHESTMODSEQ (\d+)/.exec(text)?.[1]);
    expect(validity).toBeGreaterThan(0);
    expect(modseq).toBeGreaterThan(0);
    return { validity, modseq };
  }

  it('advertises the extensions and enables QRESYNC together with CONDSTORE', async () => {
    const caps = await session.client.command('a', 'CAPABILITY');
    for (const cap of ['CONDSTORE', 'QRESYNC', 'OBJECTID', 'SEARCHRES', 'ESEARCH'])
      expect(caps).toContain(` ${cap}`);
    expect(await session.client.command('b', 'ENABLE QRESYNC')).toContain('* ENABLED QRESYNC');
    expect(await session.client.command('c', 'ENABLE CONDSTORE')).toMatch(/\* ENABLED\r\n/);
  });

  it('tells HIGHESTMODSEQ when a FETCH turns CONDSTORE on in a selected mailbox, once', async () => {
    await session.client.command('s', 'SELECT INBOX');
    const first = await session.client.command('a', 'FETCH 1 (MODSEQ)');
    expect(first).toMatch(/\* OK \[HIGHESTMODSEQ \d+\]/);
    expect(first).toMatch(/\* 1 FETCH \(MODSEQ \(\d+\)\)/);
    expect(await session.client.command('b', 'FETCH 1 (MODSEQ)')).not.toContain('HIGHESTMODSEQ');
    expect(await session.client.command('c', 'FETCH 1 (FLAGS)')).toMatch(/FLAGS \([^)]*\) MODSEQ \(\d+\)/);
  });

  it('answers ESEARCH MIN or MAX with the modseq of that message', async () => {
    await state(session.client);
    const one = Number(
      /MODSEQ \((\d+)\)/.exec(await session.client.command('a', 'STORE 1 +FLAGS (\\Seen)'))?.[1],
    );
    const three = Number(
      /MODSEQ \((\d+)\)/.exec(await session.client.command('b', 'STORE 3 +FLAGS (\\Seen)'))?.[1],
    );
    expect(three).toBeGreaterThan(one);
    expect(await session.client.command('c', 'SEARCH RETURN (MIN) 1:3 MODSEQ 1')).toContain(
      `MIN 1 MODSEQ ${one}`,
    );
    expect(await session.client.command('d', 'SEARCH RETURN (MAX) 1:3 MODSEQ 1')).toContain(
      `MAX 3 MODSEQ ${three}`,
    );
  });

  it('answers FETCH CHANGEDSINCE with only later changes, MODSEQ included', async () => {
    const { modseq } = await state(session.client);
    await session.client.command('a', 'STORE 2 +FLAGS (\\Flagged)');
    const changed = await session.client.command('b', `FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq})`);
    expect(changed).toMatch(/\* 2 FETCH \(FLAGS \((\\Recent )?\\Flagged\) MODSEQ \(\d+\)\)/);
    expect(changed).not.toMatch(/\* [13456] FETCH/);
    expect(await session.client.command('c', 'FETCH 1 (FLAGS) (CHANGEDSINCE x)')).toMatch(/c BAD/);
    expect(await session.client.command('d', 'FETCH 1 (FLAGS) (VANISHED)')).toMatch(/d BAD/);
    expect(
      await session.client.command('e', `UID FETCH 1 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`),
    ).toMatch(/e BAD/);
  });

  it('refuses a STORE UNCHANGEDSINCE on messages changed later, with MODIFIED', async () => {
    const { modseq } = await state(session.client);
    await session.client.command('a', 'STORE 1 +FLAGS (\\Seen)');
    const result = await session.client.command(
      'b',
      `STORE 1:2 (UNCHANGEDSINCE ${modseq}) +FLAGS.SILENT (\\Answered)`,
    );
    expect(result).toContain('b OK [MODIFIED 1]');
    // Silent, yet the changed message is reported with its new modseq.
    expect(result).toMatch(/\* 2 FETCH \(FLAGS \((\\Recent )?\\Answered\) MODSEQ \(\d+\)\)/);
    expect(result).not.toMatch(/\* 1 FETCH/);
    expect(await session.client.command('c', 'STORE 1 (UNCHANGEDSINCE) +FLAGS (\\Seen)')).toMatch(/c BAD/);
    expect(await session.client.command('d', 'STORE 1 (FOO 1) +FLAGS (\\Seen)')).toMatch(/d BAD/);
  });

  it('answers SEARCH MODSEQ with the highest modseq of the matches', async () => {
    const { modseq } = await state(session.client);
    const stored = await session.client.command('a', 'STORE 3 +FLAGS (\\Draft)');
    const newModseq = Number(/MODSEQ \((\d+)\)/.exec(stored)?.[1]);
    expect(await session.client.command('b', `SEARCH MODSEQ ${modseq + 1}`)).toContain(
      `* SEARCH 3 (MODSEQ ${newModseq})`,
    );
    expect(
      await session.client.command(
        'c',
        `UID SEARCH RETURN (COUNT) MODSEQ "/flags/\\\\draft" all ${modseq + 1}`,
      ),
    ).toContain(`COUNT 1 MODSEQ ${newModseq}`);
  });

  it('reports NOOP-time flag changes from another session with MODSEQ once CONDSTORE is on', async () => {
    await state(session.client);
    const other = await RawImapClient.connect(session.server.port);
    try {
      await other.login();
      await other.command('s', 'SELECT INBOX');
      await other.command('a', 'STORE 4 +FLAGS (\\Seen)');
      expect(await session.client.command('n', 'NOOP')).toMatch(
        /\* 4 FETCH \(UID 4 FLAGS \((\\Recent )?\\Seen\) MODSEQ \(\d+\)\)/,
      );
    } finally {
      other.close();
    }
  });

  it('resynchronises on SELECT QRESYNC: VANISHED (EARLIER), then changed flags', async () => {
    const { validity, modseq } = await state(session.client);
    await session.client.command('a', 'STORE 2,5 +FLAGS (\\Deleted)');
    await session.client.command('b', 'STORE 3 +FLAGS (\\Flagged)');
    await session.client.command('c', 'EXPUNGE');
    await session.client.command('u', 'UNSELECT');
    expect(await session.client.command('x', `SELECT INBOX (QRESYNC (${validity} ${modseq}))`)).toMatch(
      /x BAD/,
    );
    await session.client.command('e', 'ENABLE QRESYNC');
    const text = await session.client.command('d', `SELECT INBOX (QRESYNC (${validity} ${modseq} 1:6))`);
    const all = lines(text);
    const vanishedAt = all.indexOf('* VANISHED (EARLIER) 2,5');
    expect(vanishedAt).toBeGreaterThan(0);
    const fetchAt = all.findIndex((l) => /^\* 2 FETCH \(UID 3 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/.test(l));
    expect(fetchAt).toBeGreaterThan(vanishedAt);
    expect(text).toContain('d OK [READ-WRITE]');
    // A stale UIDVALIDITY gets no resync data; the client must start over.
    const stale = await session.client.command('f', `SELECT INBOX (QRESYNC (${validity + 1} ${modseq}))`);
    expect(stale).not.toContain('VANISHED');
    expect(stale).toContain('f OK');
  });

  it('sends VANISHED instead of EXPUNGE once QRESYNC is enabled', async () => {
    await session.client.command('e', 'ENABLE QRESYNC');
    await state(session.client);
    await session.client.command('a', 'STORE 1,2,4 +FLAGS.SILENT (\\Deleted)');
    const text = await session.client.command('b', 'EXPUNGE');
    expect(text).toContain('* VANISHED 1:2,4');
    expect(text).not.toContain('EXPUNGE\r\n*');
    expect(text).not.toMatch(/\* \d+ EXPUNGE/);
  });

  it('answers UID FETCH CHANGEDSINCE VANISHED with the expunged UIDs of the set', async () => {
    await session.client.command('e', 'ENABLE QRESYNC');
    const { modseq } = await state(session.client);
    await session.client.command('a', 'STORE 1,6 +FLAGS.SILENT (\\Deleted)');
    await session.client.command('b', 'EXPUNGE');
    const text = await session.client.command('f', `UID FETCH 1:5 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`);
    expect(text).toContain('* VANISHED (EARLIER) 1');
    expect(text).not.toContain('EARLIER) 1,6');
  });

  it('falls back to every missing known UID when expunge history is gone, narrowed by sequence match', async () => {
    await session.client.command('e', 'ENABLE QRESYNC');
    const { validity, modseq } = await state(session.client);
    await session.client.command('a', 'STORE 2,5 +FLAGS.SILENT (\\Deleted)');
    await session.client.command('b', 'EXPUNGE');
    await session.client.command('u', 'UNSELECT');
    session.server.backend.forgetExpungeHistory('alice', 'INBOX');
    const wide = await session.client.command('d', `SELECT INBOX (QRESYNC (${validity} ${modseq} 1:10))`);
    // Known UIDs at or past UIDNEXT cannot have existed, so they are left out.
    expect(wide).toContain('* VANISHED (EARLIER) 2,5\r\n');
    // The client saw UID 1 at 1 and UID 4 at 3 after the first expunge: nothing below 4 needs telling.
    const narrow = await session.client.command(
      'f',
      `SELECT INBOX (QRESYNC (${validity} ${modseq} 1:6 (1,3 1,4)))`,
    );
    expect(narrow).toContain('* VANISHED (EARLIER) 5');
  });

  it('rejects malformed QRESYNC parameters with BAD and stays usable', async () => {
    await session.client.command('e', 'ENABLE QRESYNC');
    for (const params of [
      '(QRESYNC)',
      '(QRESYNC (1))',
      '(QRESYNC (0 5))',
      '(QRESYNC (1 5 1:*))',
      '(QRESYNC (1 5 1:4 (1:3 1:2)))',
      '(BOGUS)',
    ]) {
      expect(await session.client.command('x', `SELECT INBOX ${params}`)).toMatch(/x BAD/);
    }
    expect(await session.client.command('ok', 'SELECT INBOX')).toContain('ok OK');
  });
});
