import { Pop3Server } from './pop3-server';
import { MemoryPop3Backend } from './testing/memory-pop3.backend';
import { Pop3TestClient } from './testing/pop3-test-client';
import { testTlsContext } from './testing/session-fixture';

describe('POP3 session: STLS and implicit TLS', () => {
  let server: Pop3Server;
  let backend: MemoryPop3Backend;
  let port: number;
  let tlsPort: number;
  const clients: Pop3TestClient[] = [];

  beforeEach(async () => {
    const context = await testTlsContext();
    backend = new MemoryPop3Backend();
    backend.addUser('alice', 'pw');
    backend.addMessage('alice', 'Subject: tls\r\n\r\nhello\r\n');
    server = new Pop3Server({ backend, allowPlaintextAuth: false, tlsContext: () => context });
    port = (await server.listen({ port: 0 })).port;
    tlsPort = (await server.listen({ port: 0, implicitTls: context })).port;
  });
  afterEach(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  const connect = async (tls = false): Promise<Pop3TestClient> => {
    const client = await Pop3TestClient.connect(tls ? tlsPort : port, { tls });
    clients.push(client);
    return client;
  };

  it('offers STLS, upgrades, then allows USER/PASS and hides STLS', async () => {
    const client = await connect();
    await client.line();
    await client.command('CAPA');
    expect((await client.multiline()).toString()).toContain('STLS\r\n');
    expect(await client.command('STLS')).toBe('+OK begin TLS negotiation');
    await client.startTls();
    expect(client.encrypted).toBe(true);
    await client.command('CAPA');
    const capa = (await client.multiline()).toString();
    expect(capa).not.toContain('STLS');
    expect(capa).toContain('USER\r\n');
    expect(await client.command('STLS')).toBe('-ERR the connection is already secure');
    await client.command('USER alice');
    expect(await client.command('PASS pw')).toMatch(/^\+OK maildrop has 1/);
    expect(backend.authAttempts[0]?.secure).toBe(true);
  });

  it('drops plaintext commands pipelined behind STLS (no command injection)', async () => {
    const client = await connect();
    await client.line();
    client.send('STLS\r\nUSER alice\r\nPASS pw\r\n');
    expect(await client.line()).toBe('+OK begin TLS negotiation');
    await client.startTls();
    // Had the injected USER survived, PASS alone would log in.
    expect(await client.command('PASS pw')).toBe('-ERR send USER first');
  });

  it('forgets a USER given before STLS', async () => {
    const client = await connect();
    await client.line();
    await client.command('USER alice');
    await client.command('STLS');
    await client.startTls();
    expect(await client.command('PASS pw')).toBe('-ERR send USER first');
  });

  it('serves implicit TLS with the greeting after the handshake', async () => {
    const client = await connect(true);
    expect(await client.line()).toMatch(/^\+OK /);
    expect(client.encrypted).toBe(true);
    await client.command('CAPA');
    expect((await client.multiline()).toString()).not.toContain('STLS');
    await client.command('USER alice');
    expect(await client.command('PASS pw')).toMatch(/^\+OK/);
    expect(await client.command('RETR 1')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).toBe('Subject: tls\r\n\r\nhello\r\n');
  });

  it('answers STLS with -ERR when no TLS credentials exist', async () => {
    await server.close();
    server = new Pop3Server({ backend });
    port = (await server.listen({ port: 0 })).port;
    const client = await connect();
    await client.line();
    expect(await client.command('STLS')).toBe('-ERR [SYS/PERM] TLS is not available');
    expect(await client.command('CAPA')).toMatch(/^\+OK/);
    expect((await client.multiline()).toString()).not.toContain('STLS');
  });
});
