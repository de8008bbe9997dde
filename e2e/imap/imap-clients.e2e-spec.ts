import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { connectImapFlow, useImapProtocols } from '../support/imapflow-client';
import { createTestAccount, type RunningProtocols, type TestAccount } from '../support/protocols-process';
import { sampleMessage } from '../support/sample-message';

const connect = (
  server: RunningProtocols,
  account: TestAccount,
  options: { tls?: boolean } = {},
): Promise<ImapFlow> => connectImapFlow(server, account, options);

describe('IMAP with real clients (imapflow, python imaplib)', () => {
  const suite = useImapProtocols();

  it('logs in over STARTTLS and over implicit TLS, and refuses a wrong password', async () => {
    for (const tls of [false, true]) {
      const client = await connect(suite.server, suite.account, { tls });
      expect(client.authenticated).toBeTruthy();
      expect(client.secureConnection || tls).toBeTruthy();
      await client.logout();
    }
    await expect(connect(suite.server, { ...suite.account, password: 'wrong password!' })).rejects.toThrow();
  });

  it('lists the special-use mailboxes and LIST-STATUS counters', async () => {
    const client = await connect(suite.server, suite.account);
    try {
      const list = await client.list({ statusQuery: { messages: true, uidNext: true } });
      const byUse = new Map(list.map((entry) => [entry.specialUse, entry.path]));
      expect(byUse.get('\\Sent')).toBeDefined();
      expect(byUse.get('\\Trash')).toBeDefined();
      expect(byUse.get('\\Junk')).toBeDefined();
      expect(list.find((entry) => entry.path === 'INBOX')?.status?.messages).toEqual(expect.any(Number));
      await client.mailboxCreate('Projects/Eider');
      const tree = await client.list();
      expect(tree.map((entry) => entry.path)).toEqual(expect.arrayContaining(['Projects', 'Projects/Eider']));
    } finally {
      await client.logout();
    }
  });

  it('returns BODY[] byte for byte as appended', async () => {
    const client = await connect(suite.server, suite.account);
    try {
      const raw = sampleMessage('Byte exact', 'Line one\r\nLine two with ünïcödé\r\n.\r\n..leading dots\r\n');
      const appended = await client.append('INBOX', raw, ['\\Seen']);
      expect(appended).toMatchObject({ uid: expect.any(Number) });
      const lock = await client.getMailboxLock('INBOX');
      try {
        const message = await client.fetchOne(
          String(appended && appended.uid),
          { source: true, flags: true },
          { uid: true },
        );
        expect(message && Buffer.compare(message.source ?? Buffer.alloc(0), raw)).toBe(0);
        expect(message && [...(message.flags ?? [])]).toContain('\\Seen');
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('shows flags, COPY, MOVE and EXPUNGE made by one session to another', async () => {
    const first = await connect(suite.server, suite.account);
    const second = await connect(suite.server, suite.account);
    try {
      await first.mailboxCreate(`Shared-${randomBytes(3).toString('hex')}`).then(async (created) => {
        const path = created.path;
        for (let i = 0; i < 3; i += 1) await first.append(path, sampleMessage(`Shared ${i}`));
        await first.mailboxOpen(path);
        await second.mailboxOpen(path);
        const expunged: number[] = [];
        const flagged: number[] = [];
        second.on('expunge', (event: { seq: number }) => expunged.push(event.seq));
        second.on('flags', (event: { seq: number }) => flagged.push(event.seq));

        await first.messageFlagsAdd('1', ['\\Flagged']);
        await first.messageCopy('2', 'INBOX');
        await first.messageMove('3', 'INBOX');
        await second.noop();
        expect(flagged).toContain(1);
        expect(expunged).toEqual([3]);
        expect(second.mailbox && second.mailbox.exists).toBe(2);

        await first.messageFlagsAdd('1', ['\\Deleted']);
        await first.messageDelete('1');
        await second.noop();
        expect(expunged).toEqual([3, 1]);
        const status = await second.status(path, { messages: true });
        expect(status && status.messages).toBe(1);
      });
    } finally {
      await first.logout();
      await second.logout();
    }
  });

  it('refuses an APPEND over quota with NO [OVERQUOTA]', async () => {
    const small = createTestAccount({ quota: 2000 });
    const client = await connect(suite.server, small);
    try {
      await client.append('INBOX', sampleMessage('fits'));
      await expect(client.append('INBOX', sampleMessage('too big', 'x'.repeat(5000)))).rejects.toMatchObject({
        serverResponseCode: 'OVERQUOTA',
      });
    } finally {
      await client.logout();
    }
  });

  it('serves python imaplib: STARTTLS, LOGIN, SELECT, SEARCH and FETCH', () => {
    const script = join(__dirname, 'imaplib-session.py');
    const result = spawnSync(
      'python3',
      [script, String(suite.server.imapPort), suite.account.username, suite.account.password],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('byte-exact: yes');
    expect(result.stdout).toMatch(/search-unseen: \d+/);
  });
});
