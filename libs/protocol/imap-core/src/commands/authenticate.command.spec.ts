import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('AUTHENTICATE', () => {
  let h: MemoryServerHandle;
  let c: RawImapClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    c = await RawImapClient.connect(h.port);
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  it('PLAIN with SASL-IR', async () => {
    expect(await c.command('a', `AUTHENTICATE PLAIN ${b64('\0alice\0secret')}`)).toMatch(
      /a OK \[CAPABILITY /,
    );
  });

  it('PLAIN with a continuation', async () => {
    c.write('a AUTHENTICATE PLAIN\r\n');
    await c.waitFor(/^\+ \r\n/m);
    c.write(`${b64('alice\0alice\0secret')}\r\n`);
    expect(await c.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a OK/);
  });

  it('LOGIN mechanism', async () => {
    c.write('a AUTHENTICATE LOGIN\r\n');
    await c.waitFor(/^\+ VXNlcm5hbWU6\r\n/m);
    c.write(`${b64('alice')}\r\n`);
    await c.waitFor(/^\+ UGFzc3dvcmQ6\r\n/m);
    c.write(`${b64('secret')}\r\n`);
    expect(await c.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a OK/);
  });

  it('cancels with *', async () => {
    c.write('a AUTHENTICATE PLAIN\r\n');
    await c.waitFor(/^\+ \r\n/m);
    c.write('*\r\n');
    expect(await c.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a BAD/);
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
  });

  it('answers BAD (not SERVERBUG) to an overlong SASL response', async () => {
    c.write('a AUTHENTICATE PLAIN\r\n');
    await c.waitFor(/^\+ \r\n/m);
    c.write(`${'A'.repeat(70_000)}\r\n`);
    expect(await c.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a BAD Line too long/);
    expect(await c.command('b', 'NOOP')).toMatch(/b OK/);
  });

  it('fails with bad credentials, garbage and unknown mechanisms', async () => {
    expect(await c.command('a', `AUTHENTICATE PLAIN ${b64('\0alice\0nope')}`)).toMatch(
      /a NO \[AUTHENTICATIONFAILED\]/,
    );
    expect(await c.command('b', 'AUTHENTICATE PLAIN !!!')).toMatch(/b BAD/);
    expect(await c.command('c', 'AUTHENTICATE CRAM-MD5')).toMatch(/c NO/);
    expect(await c.command('d', `AUTHENTICATE PLAIN ${b64('bob\0alice\0secret')}`)).toMatch(
      /d NO \[AUTHORIZATIONFAILED\]/,
    );
  });
});
