import { useMemorySession } from '../testing/memory-session';
import { parseBinaryItem } from './binary-section';

const INNER = 'Subject: inner\r\nContent-Transfer-Encoding: base64\r\n\r\naW5uZXI=';

const MIXED = [
  'From: a@example.com',
  'Subject: Binary',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'caf=C3=A9 na=',
  'ive',
  '--b1',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECA/8=',
  '--b1',
  'Content-Type: text/plain',
  'Content-Transfer-Encoding: Base64',
  '',
  'SGVsbG8g',
  'd29ybGQ=',
  '--b1',
  'Content-Type: application/x-thing',
  'Content-Transfer-Encoding: x-uuencode',
  '',
  'begin 644 x',
  '--b1',
  'Content-Type: message/rfc822',
  '',
  INNER,
  '--b1--',
  '',
].join('\r\n');

describe('BINARY (RFC 3516)', () => {
  const session = useMemorySession({
    seed: (backend) => {
      backend.deliver('alice', 'INBOX', MIXED);
    },
  });

  it('advertises BINARY after login', async () => {
    expect(await session.client.command('a', 'CAPABILITY')).toMatch(/ BINARY /);
  });

  it('removes quoted-printable and base64 encodings', async () => {
    const r = await session.client.command('a', 'FETCH 1 (BINARY.PEEK[1] BINARY.PEEK[3])');
    expect(r).toContain('BINARY[1] {11}\r\ncaf\xc3\xa9 naive BINARY[3] {11}\r\nHello world)');
    expect(r).not.toContain('\\Seen');
  });

  it('sends a part holding NUL as literal8', async () => {
    const r = await session.client.command('a', 'FETCH 1 (BINARY.PEEK[2])');
    expect(r).toContain('BINARY[2] ~{5}\r\n\x00\x01\x02\x03\xff)');
  });

  it('applies partials to the decoded bytes and reports the origin', async () => {
    const r = await session.client.command(
      'a',
      'FETCH 1 (BINARY.PEEK[3]<6.20> BINARY.PEEK[1]<0.3> BINARY.PEEK[2]<1.1>)',
    );
    expect(r).toContain('BINARY[3]<6> {5}\r\nworld BINARY[1]<0> {3}\r\ncaf BINARY[2]<1> {1}\r\n\x01');
    const beyond = await session.client.command('b', 'FETCH 1 (BINARY.PEEK[3]<50.5>)');
    expect(beyond).toContain('BINARY[3]<50> {0}\r\n)');
  });

  it('answers BINARY.SIZE with the decoded size', async () => {
    const r = await session.client.command(
      'a',
      'FETCH 1 (BINARY.SIZE[1] BINARY.SIZE[2] BINARY.SIZE[3] BINARY.SIZE[9])',
    );
    expect(r).toContain('BINARY.SIZE[1] 11 BINARY.SIZE[2] 5 BINARY.SIZE[3] 11 BINARY.SIZE[9] 0');
  });

  it('returns the whole message and message/rfc822 parts as they are', async () => {
    const r = await session.client.command(
      'a',
      `FETCH 1 (BINARY.PEEK[] BINARY.SIZE[] BINARY.PEEK[5] BINARY.PEEK[9])`,
    );
    expect(r).toContain(`BINARY[] {${MIXED.length}}\r\n${MIXED} BINARY.SIZE[] ${MIXED.length}`);
    expect(r).toContain(`BINARY[5] {${INNER.length}}\r\n${INNER} BINARY[9] NIL`);
  });

  it('fails with UNKNOWN-CTE when the encoding cannot be removed', async () => {
    expect(await session.client.command('a', 'FETCH 1 (BINARY.PEEK[4])')).toMatch(/a NO \[UNKNOWN-CTE\]/);
    expect(await session.client.command('b', 'FETCH 1 (BINARY.SIZE[4])')).toMatch(/b NO \[UNKNOWN-CTE\]/);
  });

  it('refuses sections BINARY does not have', async () => {
    for (const item of [
      'BINARY[HEADER]',
      'BINARY[1.MIME]',
      'BINARY.PEEK[TEXT]',
      'BINARY[0]',
      'BINARY.SIZE[1]<0.2>',
    ]) {
      expect(await session.client.command('x', `FETCH 1 (${item})`)).toMatch(/x BAD/);
    }
  });

  it('sets \\Seen for BINARY but not for BINARY.PEEK or BINARY.SIZE', async () => {
    const peek = await session.client.command('a', 'FETCH 1 (BINARY.PEEK[3] BINARY.SIZE[3])');
    expect(peek).not.toContain('\\Seen');
    const r = await session.client.command('b', 'UID FETCH 1 (BINARY[3])');
    expect(r).toContain('BINARY[3] {11}\r\nHello world FLAGS (\\Recent \\Seen))');
  });

  it('streams large decoded parts with a partial', async () => {
    const payload = Buffer.alloc(600 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) % 251;
    const b64 = (payload.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
    const msg = `Subject: big\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
    session.server.backend.deliver('alice', 'INBOX', msg);
    await session.client.command('n', 'NOOP');
    const r = await session.client.command(
      'a',
      'FETCH 2 (BINARY.SIZE[1] BINARY.PEEK[1]<1000.400000>)',
      20_000,
    );
    expect(r).toContain(`BINARY.SIZE[1] ${payload.length} BINARY[1]<1000> ~{400000}\r\n`);
    const at = r.indexOf('~{400000}\r\n') + '~{400000}\r\n'.length;
    expect(Buffer.from(r.slice(at, at + 400000), 'latin1').equals(payload.subarray(1000, 401000))).toBe(true);
  });
});

describe('APPEND with literal8', () => {
  const session = useMemorySession({
    select: null,
  });

  const msg = 'Subject: nul\r\nContent-Transfer-Encoding: binary\r\n\r\na\x00b\r\n';

  it('stores binary content sent as ~{n} and returns it as literal8', async () => {
    session.client.write(`a APPEND INBOX ~{${msg.length}}\r\n`);
    await session.client.waitFor(/^\+ .*\r\n/m);
    session.client.write(`${msg}\r\n`);
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a OK \[APPENDUID \d+ 1\]/);
    await session.client.command('s', 'SELECT INBOX');
    const r = await session.client.command('f', 'FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])');
    expect(r).toContain('BINARY[1] ~{5}\r\na\x00b\r\n BINARY.SIZE[1] 5');
  });

  it('accepts a non-synchronising ~{n+}', async () => {
    session.client.write(`a APPEND INBOX ~{${msg.length}+}\r\n${msg}\r\n`);
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a OK/);
  });

  it('refuses NUL inside an ordinary literal', async () => {
    session.client.write(`a APPEND INBOX {${msg.length}+}\r\n${msg}\r\n`);
    expect(await session.client.waitFor(/a (OK|NO|BAD).*\r\n/)).toMatch(/a BAD/);
    expect(await session.client.command('s', 'STATUS INBOX (MESSAGES)')).toContain('MESSAGES 0');
  });
});

describe('parseBinaryItem', () => {
  it('parses sections, partials and variants', () => {
    expect(parseBinaryItem('binary.peek[1.2]<5.10>')).toEqual({
      kind: 'binary',
      size: false,
      part: [1, 2],
      partial: { start: 5, length: 10 },
      setsSeen: false,
    });
    expect(parseBinaryItem('BINARY[]')).toMatchObject({ part: [], setsSeen: true, partial: null });
    expect(parseBinaryItem('BINARY.SIZE[3]')).toMatchObject({ size: true, part: [3], setsSeen: false });
  });

  it('rejects malformed items', () => {
    for (const raw of ['BINARY[1.]', 'BINARY[a]', 'BINARY[1]<1.0>', 'BINARY[1', 'BINARY[01]', 'BINARY[1 ]']) {
      expect(() => parseBinaryItem(raw)).toThrow();
    }
  });
});
