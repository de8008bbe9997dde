import { createSecureContext } from 'node:tls';

import { generate } from 'selfsigned';

import type { ImapLogger } from '../imap-server-options';
import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

function memoryLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): ImapLogger {
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    child: (b) => memoryLogger(lines, { ...bindings, ...b }),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
  };
}

describe('STARTTLS', () => {
  let h: MemoryServerHandle;
  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const secureContext = createSecureContext({ key: pems.private, cert: pems.cert });
    h = await startMemoryServer({ server: { secureContext, allowPlaintextAuth: false } });
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  it('advertises LOGINDISABLED before TLS and upgrades', async () => {
    const c = await RawImapClient.connect(h.port);
    const caps = await c.command('a', 'CAPABILITY');
    expect(caps).toContain('STARTTLS');
    expect(caps).toContain('LOGINDISABLED');
    expect(await c.command('b', 'LOGIN alice secret')).toMatch(/b NO \[PRIVACYREQUIRED\]/);
    expect(await c.command('c', 'STARTTLS')).toMatch(/c OK/);
    await c.startTls();
    const after = await c.command('d', 'CAPABILITY');
    expect(after).not.toContain('STARTTLS');
    expect(after).toContain('AUTH=PLAIN');
    await c.login();
    c.close();
  });

  it('serves implicit TLS sockets handed to handle()', async () => {
    const { createServer, connect } = await import('node:tls');
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const tlsServer = createServer({ key: pems.private, cert: pems.cert }, (socket) =>
      h.server.handle(socket, { secure: true }),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const address = tlsServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const socket = connect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    await new Promise((r) => socket.once('secureConnect', r));
    socket.write('a LOGIN alice secret\r\n');
    for (let i = 0; i < 100 && !/a OK/.test(data); i++) await new Promise((r) => setTimeout(r, 20));
    expect(data).toMatch(/^\* OK \[CAPABILITY [^\]]*AUTH=PLAIN/);
    expect(data).not.toContain('STARTTLS');
    expect(data).toMatch(/a OK/);
    socket.destroy();
    await new Promise((r) => tlsServer.close(r));
  }, 30_000);

  it('discards commands pipelined in plaintext after STARTTLS', async () => {
    const c = await RawImapClient.connect(h.port);
    c.write('c STARTTLS\r\nx LOGIN alice secret\r\n');
    await c.waitFor(/c OK.*\r\n/);
    await c.startTls();
    const r = await c.command('d', 'NOOP');
    expect(r).not.toContain('x OK');
    // Still not authenticated: the injected LOGIN was dropped.
    expect(await c.command('e', 'SELECT INBOX')).toMatch(/e BAD/);
    c.close();
  });
});

describe('timeouts, shutdown and logging', () => {
  it('logs one line per command with tag, status and duration, never the password', async () => {
    const lines: LogLine[] = [];
    const h = await startMemoryServer({ server: { logger: memoryLogger(lines) } });
    const c = await RawImapClient.connect(h.port);
    await c.command('a1', 'LOGIN alice secret');
    await c.command('a2', 'SELECT INBOX');
    const cmd = lines.filter((l) => l.msg === 'command');
    expect(cmd.map((l) => [l.obj.command, l.obj.tag, l.obj.status])).toEqual([
      ['LOGIN', 'a1', 'OK'],
      ['SELECT', 'a2', 'OK'],
    ]);
    expect(typeof cmd[0]?.obj.durationMs).toBe('number');
    expect(cmd[1]?.obj.user).toBe('alice');
    expect(cmd[1]?.obj.sessionId).toEqual(cmd[0]?.obj.sessionId);
    expect(JSON.stringify(lines)).not.toContain('secret');
    c.close();
    await h.close();
  });

  it('disconnects idle unauthenticated clients', async () => {
    const h = await startMemoryServer({ server: { preAuthTimeoutSeconds: 0.2 } });
    const c = await RawImapClient.connect(h.port);
    await c.waitFor(/\* BYE .*\r\n/);
    await c.waitClosed();
    await h.close();
  });

  it('autologs out after authentication but not while idling', async () => {
    const h = await startMemoryServer({
      server: { autologoutSeconds: 0.3, unsafeAllowShortAutologout: true, idleKeepaliveSeconds: 0.1 },
    });
    const idler = await RawImapClient.connect(h.port);
    const quiet = await RawImapClient.connect(h.port);
    await idler.login();
    await quiet.login();
    idler.write('i IDLE\r\n');
    await quiet.waitFor(/\* BYE .*\r\n/, 3000);
    await new Promise((r) => setTimeout(r, 400));
    expect(idler.isClosed).toBe(false);
    idler.write('DONE\r\n');
    await idler.waitFor(/i OK.*\r\n/);
    idler.close();
    await h.close();
  });

  it('says BYE to everyone on close()', async () => {
    const h = await startMemoryServer();
    const c = await RawImapClient.connect(h.port);
    await c.login();
    await h.close();
    await c.waitFor(/\* BYE Server shutting down\r\n/);
    await c.waitClosed();
  });

  it('lets a running command finish before the shutdown BYE', async () => {
    const h = await startMemoryServer();
    for (let i = 0; i < 2000; i++)
      h.backend.deliver('alice', 'INBOX', `Subject: ${i}\r\n\r\n${'x'.repeat(500)}\r\n`);
    const c = await RawImapClient.connect(h.port);
    await c.login();
    await c.command('s', 'SELECT INBOX');
    c.write('f FETCH 1:* (BODY.PEEK[])\r\n');
    await c.waitFor(/\* 1 FETCH/);
    const closing = h.close();
    const rest = await c.waitFor(/\* BYE Server shutting down\r\n/, 10_000);
    expect(rest).toMatch(/\* 2000 FETCH [^]*\r\nf OK FETCH completed\r\n\* BYE/);
    await closing;
  }, 30_000);

  it('enforces the 30 minute autologout minimum by default', async () => {
    const { resolveOptions } = await import('../imap-server-options');
    const { MemoryImapBackend } = await import('../testing/memory-backend');
    expect(resolveOptions({ backend: new MemoryImapBackend(), autologoutSeconds: 5 }).autologoutMs).toBe(
      1_800_000,
    );
  });
});
