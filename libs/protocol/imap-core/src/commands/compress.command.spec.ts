import { type Socket, connect } from 'node:net';
import {
  constants,
  createDeflateRaw,
  createInflateRaw,
  deflateRawSync,
  type DeflateRaw,
  type InflateRaw,
} from 'node:zlib';

import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';

/**
 * A client that speaks plaintext until `startCompression()`, then deflates what it sends
 * (flushing after every write) and inflates what it receives, as RFC 4978 describes.
 */
class DeflatingClient {
  private data = '';
  private closed = false;
  private deflate: DeflateRaw | null = null;
  private inflate: InflateRaw | null = null;
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', this.onPlain);
    socket.on('close', () => {
      // Inflating is asynchronous: the last responses may still be in the inflater.
      if (!this.inflate) return this.markClosed();
      this.inflate.once('close', () => this.markClosed());
      this.inflate.end();
    });
    socket.on('error', () => undefined);
  }

  private readonly onPlain = (chunk: Buffer): void => this.receive(chunk);

  static async connect(port: number): Promise<DeflatingClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new DeflatingClient(socket);
    await client.waitFor(/^\* OK .*\r\n/m);
    return client;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private receive(chunk: Buffer): void {
    this.data += chunk.toString('latin1');
    this.wake();
  }

  private markClosed(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Everything after this call is compressed in both directions. */
  startCompression(): void {
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => this.receive(chunk));
    inflate.on('error', () => undefined);
    this.inflate = inflate;
    this.socket.off('data', this.onPlain);
    this.socket.on('data', (chunk: Buffer) => inflate.write(chunk));
    this.deflate = createDeflateRaw();
    this.deflate.on('data', (chunk: Buffer) => this.socket.write(chunk));
  }

  /** Sends text, compressed once compression is on. */
  write(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    if (!this.deflate) {
      this.socket.write(bytes);
      return;
    }
    this.deflate.write(bytes);
    this.deflate.flush(constants.Z_SYNC_FLUSH);
  }

  /** Sends bytes on the wire as they are, bypassing the compressor. */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async waitFor(re: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.data);
      if (m) {
        const end = m.index + m[0].length;
        const out = this.data.slice(0, end);
        this.data = this.data.slice(end);
        return out;
      }
      if (this.closed)
        throw new Error(`closed while waiting for ${re}; got ${JSON.stringify(this.data.slice(-300))}`);
      if (Date.now() > deadline)
        throw new Error(`timeout waiting for ${re}; got ${JSON.stringify(this.data.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(deadline - Date.now(), 0));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  command(tag: string, text: string, timeoutMs = 5000): Promise<string> {
    this.write(`${tag} ${text}\r\n`);
    return this.waitFor(new RegExp(`(?:^|\\r\\n)${tag} (?:OK|NO|BAD)[^\\r\\n]*\\r\\n`), timeoutMs);
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection did not close');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

const BODY = `Subject: compressed\r\n\r\n${'line of text that compresses well\r\n'.repeat(20_000)}`;

describe('COMPRESS=DEFLATE (RFC 4978)', () => {
  let h: MemoryServerHandle;
  let c: DeflatingClient;
  beforeEach(async () => {
    h = await startMemoryServer();
    h.backend.deliver('alice', 'INBOX', BODY);
    c = await DeflatingClient.connect(h.port);
  });
  afterEach(async () => {
    c.close();
    await h.close();
  });

  async function compress(): Promise<void> {
    expect(await c.command('z', 'LOGIN alice secret')).toMatch(/z OK/);
    expect(await c.command('c', 'COMPRESS DEFLATE')).toMatch(/c OK/);
    c.startCompression();
  }

  it('is advertised only after authentication', async () => {
    expect(await c.command('a', 'CAPABILITY')).not.toContain('COMPRESS=DEFLATE');
    expect(await c.command('b', 'COMPRESS DEFLATE')).toMatch(/b BAD/);
    await c.command('z', 'LOGIN alice secret');
    expect(await c.command('d', 'CAPABILITY')).toContain('COMPRESS=DEFLATE');
  });

  it('runs SELECT and a large FETCH through compression in both directions', async () => {
    await compress();
    expect(await c.command('s', 'SELECT INBOX')).toMatch(/\* 1 EXISTS[\s\S]*s OK/);
    const r = await c.command('f', 'FETCH 1 (BODY.PEEK[])', 20_000);
    expect(r).toContain(`* 1 FETCH (BODY[] {${BODY.length}}\r\n${BODY})\r\nf OK`);
    expect(await c.command('n', 'NOOP')).toMatch(/n OK/);
    expect(await c.command('l', 'LOGOUT')).toMatch(/\* BYE[\s\S]*l OK/);
    await c.waitClosed();
  });

  it('refuses a second COMPRESS with COMPRESSIONACTIVE', async () => {
    await compress();
    expect(await c.command('d', 'COMPRESS DEFLATE')).toMatch(/d NO \[COMPRESSIONACTIVE\]/);
    expect(await c.command('n', 'NOOP')).toMatch(/n OK/);
  });

  it('refuses unknown mechanisms and malformed arguments without compressing', async () => {
    await c.command('z', 'LOGIN alice secret');
    expect(await c.command('a', 'COMPRESS LZ4')).toMatch(/a BAD/);
    expect(await c.command('b', 'COMPRESS')).toMatch(/b BAD/);
    expect(await c.command('d', 'COMPRESS DEFLATE EXTRA')).toMatch(/d BAD/);
    expect(await c.command('n', 'NOOP')).toMatch(/n OK/);
  });

  it('refuses STARTTLS once compression is on', async () => {
    await compress();
    expect(await c.command('t', 'STARTTLS')).toMatch(/t BAD/);
    expect(await c.command('n', 'NOOP')).toMatch(/n OK/);
  });

  it('reads data pipelined behind COMPRESS as compressed data', async () => {
    await c.command('z', 'LOGIN alice secret');
    const pipelined = deflateRawSync(Buffer.from('p NOOP\r\n'), { finishFlush: constants.Z_SYNC_FLUSH });
    c.writeRaw(Buffer.concat([Buffer.from('c COMPRESS DEFLATE\r\n'), pipelined]));
    expect(await c.waitFor(/c OK.*\r\n/)).toMatch(/c OK/);
    c.startCompression();
    // The server's first compressed bytes answer the pipelined NOOP.
    expect(await c.waitFor(/p OK.*\r\n/)).toMatch(/p OK/);
  });

  it('says BYE and closes on a corrupt compressed stream, and keeps serving others', async () => {
    await compress();
    c.writeRaw(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37, 0x42]));
    expect(await c.waitFor(/\* BYE .*\r\n/)).toMatch(/BYE/);
    await c.waitClosed();
    const other = await DeflatingClient.connect(h.port);
    expect(await other.command('a', 'LOGIN alice secret')).toMatch(/a OK/);
    other.close();
  });

  it('keeps memory bounded for a decompression bomb (line limit applies after inflate)', async () => {
    await compress();
    // About 30 MB of one line inflates from a few dozen KB; the line limit cuts it off.
    const bomb = deflateRawSync(Buffer.alloc(30 * 1024 * 1024, 0x41), {
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    c.writeRaw(bomb);
    c.writeRaw(deflateRawSync(Buffer.from('\r\n'), { finishFlush: constants.Z_SYNC_FLUSH }));
    const before = process.memoryUsage().rss;
    expect(await c.waitFor(/\* BAD.*\r\n/, 20_000)).toMatch(/Line too long/i);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});
