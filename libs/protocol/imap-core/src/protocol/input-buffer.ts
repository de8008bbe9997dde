import type { Duplex } from 'node:stream';

/** Raised when a line grows past the limit before its CRLF arrives. */
export class LineTooLongError extends Error {
  constructor(readonly head: Buffer) {
    super('line too long');
  }
}

/** The peer closed or the buffer was detached while a read was pending. */
export class InputClosedError extends Error {
  constructor() {
    super('input closed');
  }
}

/**
 * Pull-style byte input over a socket: `readLine()` and `readBytes(n)` resolve when enough
 * bytes have arrived. The socket is paused while more than `highWaterMark` bytes wait
 * unread, so a pipelining or flooding client cannot grow memory without bound.
 */
export class InputBuffer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closed = false;
  private skipPending = false;
  private waiter: (() => void) | null = null;
  private socket: Duplex | null = null;
  private readonly onData = (chunk: Buffer): void => this.push(chunk);
  private readonly onEnd = (): void => this.close();

  constructor(private readonly highWaterMark = 256 * 1024) {}

  attach(socket: Duplex): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onEnd);
  }

  /** Stops reading from the socket; bytes already buffered are dropped (STARTTLS injection defence). */
  detach(): Buffer {
    const socket = this.socket;
    if (socket) {
      socket.pause();
      socket.off('data', this.onData);
      socket.off('end', this.onEnd);
      socket.off('close', this.onEnd);
      socket.off('error', this.onEnd);
    }
    this.socket = null;
    const dropped = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return dropped;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes waiting unread. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (this.closed || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > this.highWaterMark) this.socket?.pause();
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private wait(): Promise<void> {
    if (this.closed) return Promise.reject(new InputClosedError());
    this.socket?.resume();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private take(n: number): Buffer {
    const out: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const head = this.chunks[0] as Buffer;
      if (head.length <= need) {
        out.push(head);
        this.chunks.shift();
        need -= head.length;
      } else {
        out.push(head.subarray(0, need));
        this.chunks[0] = head.subarray(need);
        need = 0;
      }
    }
    this.buffered -= n;
    if (this.buffered <= this.highWaterMark) this.socket?.resume();
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out, n);
  }

  /** Offset of the first LF within the buffered bytes, or -1. */
  private findLf(limit: number): number {
    let offset = 0;
    for (const chunk of this.chunks) {
      const i = chunk.indexOf(0x0a);
      if (i >= 0) return offset + i;
      offset += chunk.length;
      if (offset > limit) return -1;
    }
    return -1;
  }

  /**
   * Reads one line without its CRLF (a bare LF is accepted too). A line longer than
   * `maxLength` throws `LineTooLongError` as soon as the limit is crossed; the rest of that
   * line is discarded by the next read as it arrives, never buffered.
   */
  async readLine(maxLength: number): Promise<Buffer> {
    if (this.skipPending) {
      await this.skipLine();
      this.skipPending = false;
    }
    for (;;) {
      const lf = this.findLf(maxLength + 2);
      if (lf >= 0 && lf <= maxLength + 1) {
        const line = this.take(lf + 1);
        const end = lf > 0 && line[lf - 1] === 0x0d ? lf - 1 : lf;
        return line.subarray(0, end);
      }
      if (this.buffered > maxLength + 1) {
        const head = Buffer.from(this.take(Math.min(this.buffered, 64)));
        // The caller answers first; the rest of the line is dropped by the next read.
        this.skipPending = true;
        throw new LineTooLongError(head);
      }
      if (this.closed) throw new InputClosedError();
      await this.wait();
    }
  }

  /** Drops bytes up to and including the next LF. */
  async skipLine(): Promise<void> {
    for (;;) {
      const lf = this.findLf(Number.MAX_SAFE_INTEGER);
      if (lf >= 0) {
        this.take(lf + 1);
        return;
      }
      if (this.buffered > 0) this.take(this.buffered);
      await this.wait();
    }
  }

  async readBytes(n: number): Promise<Buffer> {
    while (this.buffered < n) await this.wait();
    return n === 0 ? Buffer.alloc(0) : this.take(n);
  }

  /** Discards exactly n bytes without keeping them. */
  async skipBytes(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0) await this.wait();
      const step = Math.min(left, this.buffered);
      this.take(step);
      left -= step;
    }
  }
}
