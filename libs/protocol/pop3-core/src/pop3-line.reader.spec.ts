import { PassThrough } from 'node:stream';
import { Pop3LineReader, type Pop3Line } from './pop3-line.reader';

const setup = (maxLength = 16, highWater = 4): { source: PassThrough; reader: Pop3LineReader } => {
  const source = new PassThrough();
  const reader = new Pop3LineReader({ maxLength, highWater });
  reader.attach(source);
  return { source, reader };
};

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Pop3LineReader', () => {
  it('splits CRLF and bare LF lines across arbitrary chunk boundaries', async () => {
    const { source, reader } = setup();
    for (const piece of ['US', 'ER a\r', '\nPA', 'SS b\nST', 'AT\r\n']) source.write(piece);
    await tick();
    const lines: Pop3Line[] = [await reader.next(), await reader.next(), await reader.next()];
    expect(lines).toEqual([
      { kind: 'line', text: 'USER a' },
      { kind: 'line', text: 'PASS b' },
      { kind: 'line', text: 'STAT' },
    ]);
  });

  it('reports an overlong line once, drops its bytes as they arrive, and resumes after it', async () => {
    const { source, reader } = setup(16);
    source.write('x'.repeat(10));
    for (let i = 0; i < 1000; i++) source.write('y'.repeat(1000));
    source.write('\r\nNOOP\r\n');
    await tick();
    expect(await reader.next()).toEqual({ kind: 'too-long' });
    expect(await reader.next()).toEqual({ kind: 'line', text: 'NOOP' });
  });

  it('accepts a line of exactly maxLength bytes plus CRLF and refuses one byte more', async () => {
    const { source, reader } = setup(8);
    source.write('12345678\r\n123456789\r\n');
    await tick();
    expect(await reader.next()).toEqual({ kind: 'line', text: '12345678' });
    expect(await reader.next()).toEqual({ kind: 'too-long' });
  });

  it('pauses the source while too many lines wait, and resumes as they are consumed', async () => {
    const { source, reader } = setup(16, 4);
    source.write('A\r\nB\r\nC\r\nD\r\nE\r\n');
    await tick();
    expect(source.isPaused()).toBe(true);
    for (const text of ['A', 'B', 'C']) expect(await reader.next()).toEqual({ kind: 'line', text });
    expect(source.isPaused()).toBe(true);
    expect(await reader.next()).toEqual({ kind: 'line', text: 'D' });
    expect(source.isPaused()).toBe(false);
  });

  it('detach forgets pipelined lines (STLS injection) and end is reported', async () => {
    const { source, reader } = setup();
    source.write('STLS\r\nUSER evil\r\n');
    await tick();
    expect(await reader.next()).toEqual({ kind: 'line', text: 'STLS' });
    reader.detach();
    const next = new PassThrough();
    reader.attach(next);
    next.end('CAPA\r\n');
    expect(await reader.next()).toEqual({ kind: 'line', text: 'CAPA' });
    expect(await reader.next()).toEqual({ kind: 'end' });
  });
});
