import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { tempDir } from '../support/launcher';
import {
  createTestAccount,
  startProtocols,
  type RunningProtocols,
  type TestAccount,
} from '../support/protocols-process';

const DRIVER = join(__dirname, 'pop3_client.py');

interface PopAnswer {
  greeting: string;
  results: unknown[];
  error?: string;
}

type Step = [string, ...(number | string)[]];

const runPython = (request: object): Promise<{ answer: PopAnswer; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`pop3_client.py exited ${code}: ${stderr}`));
      else resolve({ answer: JSON.parse(stdout) as PopAnswer, stderr });
    });
    child.stdin.end(JSON.stringify(request));
  });

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
const decode = (value: unknown): string =>
  Buffer.from((value as { content: string }).content, 'base64').toString('utf8');

describe('POP3 with real clients (python poplib, fetchmail)', () => {
  let protocols: RunningProtocols;

  const pop = async (
    account: TestAccount,
    steps: Step[],
    options: { tls?: 'none' | 'stls' | 'implicit'; password?: string } = {},
  ): Promise<PopAnswer> => {
    const tls = options.tls ?? 'stls';
    const { answer } = await runPython({
      mode: 'pop',
      host: '127.0.0.1',
      port: tls === 'implicit' ? protocols.pop3TlsPort : protocols.pop3Port,
      tls,
      user: account.username,
      password: options.password ?? account.password,
      steps,
    });
    return answer;
  };

  const deliver = async (account: TestAccount, message: string): Promise<void> => {
    const { answer } = await runPython({
      mode: 'deliver',
      host: '127.0.0.1',
      port: protocols.lmtpPort,
      sender: 'sender@example.com',
      recipients: [account.address],
      message: Buffer.from(message).toString('base64'),
    });
    expect(answer).toEqual({ refused: {} });
  };

  const newAccount = async (messages: string[]): Promise<TestAccount> => {
    const account = createTestAccount();
    for (const message of messages) await deliver(account, message);
    return account;
  };

  beforeAll(async () => {
    protocols = await startProtocols();
  });
  afterAll(async () => {
    await protocols?.stop();
  });

  it('logs in over STLS; STAT, LIST and UIDL agree; RETR and TOP return the message', async () => {
    const body = 'first line\n.starts with a dot\nlast line\n';
    const account = await newAccount([
      `Subject: one\nFrom: a@example.com\n\n${body}`,
      'Subject: two\r\n\r\nx\r\n',
    ]);
    const answer = await pop(account, [
      ['capa'],
      ['stat'],
      ['list'],
      ['uidl'],
      ['retr', 1],
      ['top', 1, 1],
      ['quit'],
    ]);
    expect(answer.error).toBeUndefined();
    const [capa, stat, list, uidl, retr, top] = answer.results as [
      Record<string, string[]>,
      [number, number],
      string[],
      string[],
      unknown,
      unknown,
    ];
    expect(Object.keys(capa)).toEqual(
      expect.arrayContaining(['TOP', 'UIDL', 'USER', 'RESP-CODES', 'PIPELINING']),
    );
    expect(stat[0]).toBe(2);
    const sizes = list.map((line) => Number(line.split(' ')[1]));
    expect(list.map((line) => line.split(' ')[0])).toEqual(['1', '2']);
    expect(sizes[0]! + sizes[1]!).toBe(stat[1]);
    expect(uidl).toHaveLength(2);
    expect(new Set(uidl.map((line) => line.split(' ')[1])).size).toBe(2);
    // LMTP adds trace headers on top, and smtplib sends bare LFs as they are, ending DATA with one CRLF of
    // its own; what follows the trace headers must be those bytes with only each bare LF made CRLF.
    // (poplib drops the final CRLF when it splits lines.)
    const retrieved = decode(retr);
    const sent = crlf(`Subject: one\nFrom: a@example.com\n\n${body}`);
    expect(retrieved.slice(-sent.length)).toBe(sent);
    expect(Buffer.byteLength(retrieved) + 2).toBe(sizes[0]);
    const topText = decode(top);
    expect(topText).toMatch(/\r\n\r\nfirst line$/);
  });

  it('refuses USER before STLS and serves implicit TLS', async () => {
    const account = await newAccount(['Subject: tls\r\n\r\nhi\r\n']);
    const plain = await pop(account, [['stat']], { tls: 'none' });
    expect(plain.error).toMatch(/^-ERR \[AUTH\]/);
    const implicit = await pop(account, [['stat'], ['quit']], { tls: 'implicit' });
    expect(implicit.error).toBeUndefined();
    expect((implicit.results[0] as number[])[0]).toBe(1);
    const wrong = await pop(account, [['stat']], { password: 'not the password' });
    expect(wrong.error).toBe('-ERR [AUTH] authentication failed');
  });

  it('DELE + QUIT removes the message from the maildrop; DELE without QUIT changes nothing', async () => {
    const account = await newAccount(['Subject: a\r\n\r\n1\r\n', 'Subject: b\r\n\r\n2\r\n']);
    const dropped = await pop(account, [['dele', 1], ['dele', 2], ['drop']]);
    expect(dropped.error).toBeUndefined();
    const untouched = await pop(account, [['stat'], ['dele', 1], ['quit']]);
    expect((untouched.results[0] as number[])[0]).toBe(2);
    const after = await pop(account, [['stat'], ['top', 1, 0], ['quit']]);
    expect((after.results[0] as number[])[0]).toBe(1);
    expect(decode(after.results[1])).toContain('Subject: b');
    // The deleted message went to Trash, marked seen, as an IMAP client sees it.
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port: protocols.imapPort,
      secure: false,
      tls: { rejectUnauthorized: false },
      auth: { user: account.username, pass: account.password },
      logger: false,
    });
    await imap.connect();
    try {
      const trash = (await imap.list()).find((entry) => entry.specialUse === '\\Trash');
      expect(trash).toBeDefined();
      await imap.mailboxOpen(trash!.path);
      const inTrash = [];
      for await (const message of imap.fetch('1:*', { envelope: true, flags: true })) {
        inTrash.push({ subject: message.envelope?.subject, flags: [...(message.flags ?? [])] });
      }
      expect(inTrash).toEqual([{ subject: 'a', flags: ['\\Seen'] }]);
    } finally {
      await imap.logout();
    }
  });

  it('a second session on a locked maildrop gets [IN-USE]', async () => {
    const account = await newAccount(['Subject: a\r\n\r\n1\r\n']);
    const holder = spawn('python3', [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    const loggedIn = new Promise<void>((resolve, reject) => {
      holder.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('logged-in')) resolve();
      });
      holder.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    const holderDone = new Promise<string>((resolve) => {
      let out = '';
      holder.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      holder.once('exit', () => resolve(out));
    });
    holder.stdin.end(
      JSON.stringify({
        mode: 'pop',
        host: '127.0.0.1',
        port: protocols.pop3Port,
        tls: 'stls',
        user: account.username,
        password: account.password,
        announce: true,
        steps: [['sleep', 3], ['quit']],
      }),
    );
    await loggedIn;
    const second = await pop(account, [['stat']]);
    expect(second.error).toMatch(/^-ERR \[IN-USE\]/);
    expect(JSON.parse(await holderDone)).not.toHaveProperty('error');
    const third = await pop(account, [['stat'], ['quit']]);
    expect(third.error).toBeUndefined();
  });

  it('fetchmail downloads every message over STLS and deletes them', async () => {
    let fetchmail = spawnSync('which', ['fetchmail'], { encoding: 'utf8' }).stdout.trim();
    if (!fetchmail && process.getuid?.() === 0) {
      // A fresh Debian machine lacks it; as root the suite installs the real client it tests with.
      spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'fetchmail'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 300_000,
      });
      fetchmail = spawnSync('which', ['fetchmail'], { encoding: 'utf8' }).stdout.trim();
    }
    if (!fetchmail) {
      console.warn('SKIPPED: fetchmail is not installed (apt-get install -y fetchmail)');
      return;
    }
    const account = await newAccount(['Subject: fm1\r\n\r\none\r\n', 'Subject: fm2\r\n\r\ntwo\r\n']);
    const dir = tempDir('fetchmail');
    const out = join(dir, 'mbox');
    const rc = join(dir, 'fetchmailrc');
    writeFileSync(
      rc,
      [
        `poll 127.0.0.1 protocol pop3 port ${protocols.pop3Port}`,
        `  user "${account.username}" password "${account.password}"`,
        `  sslproto tls1.2+ no sslcertck`,
        `  mda "/bin/sh -c 'cat >> ${out}'"`,
        '',
      ].join('\n'),
    );
    chmodSync(rc, 0o600);
    const result = spawnSync(
      fetchmail,
      ['--nodetach', '--nosyslog', '-f', rc, '-i', join(dir, 'fetchids'), '--pidfile', join(dir, 'pid')],
      { encoding: 'utf8', env: { ...process.env, HOME: dir }, timeout: 60_000 },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(existsSync(out)).toBe(true);
    const mbox = readFileSync(out, 'utf8');
    expect(mbox).toContain('Subject: fm1');
    expect(mbox).toContain('Subject: fm2');
    const after = await pop(account, [['stat'], ['quit']]);
    expect((after.results[0] as number[])[0]).toBe(0);
  });

  it('a graceful stop (SIGTERM) ends sessions without applying their DELE', async () => {
    const account = await newAccount(['Subject: keep me\r\n\r\n1\r\n']);
    const holder = spawn('python3', [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    const loggedIn = new Promise<void>((resolve) => {
      holder.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('logged-in')) resolve();
      });
    });
    const holderExit = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    holder.stdin.end(
      JSON.stringify({
        mode: 'pop',
        host: '127.0.0.1',
        port: protocols.pop3Port,
        tls: 'stls',
        user: account.username,
        password: account.password,
        announce: true,
        steps: [['dele', 1], ['sleep', 8], ['quit']],
      }),
    );
    await loggedIn;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ports = {
      imapPort: protocols.imapPort,
      imapTlsPort: protocols.imapTlsPort,
      pop3Port: protocols.pop3Port,
      pop3TlsPort: protocols.pop3TlsPort,
      lmtpPort: protocols.lmtpPort,
    };
    expect(await protocols.stop('SIGTERM')).not.toBe(1);
    await holderExit;
    protocols = await startProtocols({}, ports);
    const after = await pop(account, [['stat'], ['quit']]);
    expect(after.error).toBeUndefined();
    expect((after.results[0] as number[])[0]).toBe(1);
  });
});
