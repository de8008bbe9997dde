import type { Duplex } from 'node:stream';

/** A literal whose bytes are streamed: `{length}` CRLF then the chunks. */
export interface StreamedLiteral {
  length: number;
  chunks: () => AsyncIterable<Buffer>;
  /** literal8 (`~{n}`) for BINARY[]. */
  binary?: boolean;
}

export type ResponsePart = string | Buffer | StreamedLiteral;

const FLUSH_AT = 64 * 1024;

/**
 * Writes responses to the socket with backpressure: when `write()` returns false, the next
 * write waits for 'drain'. Small pieces are batched so a 200k-line FETCH is not 200k syscalls.
 */
export class ResponseWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;

  constructor(private socket: Duplex) {
    socket.once('close', () => {
      this.closed = true;
    });
  }

  /** Switches to a new socket after STARTTLS. */
  replaceSocket(socket: Duplex): void {
    this.socket = socket;
    this.closed = false;
    socket.once('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed || this.socket.destroyed || !this.socket.writable;
  }

  /** Queues bytes; flushes automatically when the batch grows. */
  async write(data: string | Buffer): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  /** Writes one response line (CRLF appended), made of text parts and streamed literals. */
  async writeResponse(parts: readonly ResponsePart[]): Promise<void> {
    for (const part of parts) {
      if (typeof part === 'string' || Buffer.isBuffer(part)) {
        await this.write(part);
        continue;
      }
      await this.write(`${part.binary ? '~' : ''}{${part.length}}\r\n`);
      let sent = 0;
      try {
        for await (const chunk of part.chunks()) {
          const take = Math.min(chunk.length, part.length - sent);
          if (take <= 0) break;
          await this.write(take === chunk.length ? chunk : chunk.subarray(0, take));
          sent += take;
        }
      } catch (error) {
        // The literal header is out; nothing we can send now would keep the client in sync.
        this.pending = [];
        this.pendingBytes = 0;
        this.socket.destroy();
        throw error;
      }
      // A source that came up short must not desynchronise the stream: pad with spaces.
      if (sent < part.length) await this.write(Buffer.alloc(part.length - sent, 0x20));
    }
    await this.write('\r\n');
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.isClosed) return;
    if (!this.socket.write(data)) await this.waitDrain();
  }

  private waitDrain(): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve) => {
      const done = (): void => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }
}
