import { Duplex } from 'node:stream';

import { imapAString, imapQuoted, parseDateTime, formatInternalDate } from './response-encoding';
import { ResponseWriter } from './response-writer';

/** A socket stand-in whose write() reports backpressure until the test drains it. */
class SlowSocket extends Duplex {
  readonly received: Buffer[] = [];
  pendingCallbacks: Array<() => void> = [];
  constructor() {
    super({ writableHighWaterMark: 16 });
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.received.push(chunk);
    this.pendingCallbacks.push(() => cb());
  }
  release(): void {
    const cbs = this.pendingCallbacks;
    this.pendingCallbacks = [];
    for (const cb of cbs) cb();
  }
}

describe('ResponseWriter', () => {
  it('waits for drain when write() returns false before producing more', async () => {
    const socket = new SlowSocket();
    const writer = new ResponseWriter(socket);
    let produced = 0;
    async function* body(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 4; i++) {
        await Promise.resolve();
        produced++;
        yield Buffer.alloc(64 * 1024, 0x61 + i);
      }
    }
    const done = writer
      .writeResponse(['* 1 FETCH (BODY[] ', { length: 4 * 64 * 1024, chunks: body }, ')'])
      .then(() => writer.flush());
    await new Promise((r) => setTimeout(r, 20));
    // The socket never drained, so the generator must not have run ahead.
    expect(produced).toBeLessThan(4);
    for (let i = 0; i < 20 && produced < 4; i++) {
      socket.release();
      await new Promise((r) => setTimeout(r, 5));
    }
    socket.release();
    await new Promise((r) => setTimeout(r, 5));
    socket.release();
    await done;
    const out = Buffer.concat(socket.received).toString('latin1');
    expect(out.startsWith('* 1 FETCH (BODY[] {262144}\r\naaaa')).toBe(true);
    expect(out.endsWith('dddd)\r\n')).toBe(true);
  });

  it('pads a literal source that comes up short, keeping the stream in sync', async () => {
    const socket = new SlowSocket();
    const writer = new ResponseWriter(socket);
    async function* short(): AsyncGenerator<Buffer> {
      await Promise.resolve();
      yield Buffer.from('abc');
    }
    const p = writer.writeResponse([{ length: 5, chunks: short }]).then(() => writer.flush());
    socket.release();
    await p;
    socket.release();
    expect(Buffer.concat(socket.received).toString()).toBe('{5}\r\nabc  \r\n');
  });

  it('closes the connection when a literal source fails mid-stream', async () => {
    const socket = new SlowSocket();
    const writer = new ResponseWriter(socket);
    async function* failing(): AsyncGenerator<Buffer> {
      await Promise.resolve();
      yield Buffer.from('abc');
      throw new Error('store went away');
    }
    await expect(writer.writeResponse([{ length: 10, chunks: failing }])).rejects.toThrow('store went away');
    expect(socket.destroyed).toBe(true);
  });

  it('marks binary literals as literal8 and passes NUL through untouched', async () => {
    const socket = new SlowSocket();
    const writer = new ResponseWriter(socket);
    async function* nul(): AsyncGenerator<Buffer> {
      await Promise.resolve();
      yield Buffer.from([0x61, 0x00, 0xff]);
    }
    const parts = ['BINARY[1] ', { length: 3, binary: true, chunks: nul }, ' X ', { length: 0, chunks: nul }];
    const p = writer.writeResponse(parts).then(() => writer.flush());
    while (socket.received.length === 0) await new Promise((r) => setTimeout(r, 1));
    socket.release();
    await p;
    expect(Buffer.concat(socket.received).toString('latin1')).toBe(
      'BINARY[1] ~{3}\r\na\x00\xff X {0}\r\n\r\n',
    );
  });
});

describe('string encoding', () => {
  it('chooses atom, quoted or literal', () => {
    expect(imapAString('INBOX', { utf8: false })).toBe('INBOX');
    expect(imapAString('a b', { utf8: false })).toBe('"a b"');
    expect(imapAString('NIL', { utf8: false })).toBe('"NIL"');
    expect(imapQuoted('say "hi" \\', { utf8: false })).toBe('"say \\"hi\\" \\\\"');
    expect(imapQuoted('line\r\nbreak', { utf8: true })).toBe('{11}\r\nline\r\nbreak');
    expect(imapQuoted('Grüße', { utf8: false })).toBe('{7}\r\nGrüße');
    expect(imapQuoted('Grüße', { utf8: true })).toBe('"Grüße"');
  });

  it('parses and formats date-time', () => {
    const d = parseDateTime(' 5-Feb-2024 10:20:30 -0130');
    expect(d?.toISOString()).toBe('2024-02-05T11:50:30.000Z');
    expect(formatInternalDate(d as Date)).toBe('" 5-Feb-2024 11:50:30 +0000"');
    expect(parseDateTime('32-Feb-2024 10:20:30 +0000')).toBeNull();
    expect(parseDateTime('5-Foo-2024 10:20:30 +0000')).toBeNull();
  });
});
