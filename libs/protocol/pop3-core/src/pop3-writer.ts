import type { Writable } from 'node:stream';

const FLUSH_AT = 64 * 1024;

/**
 * Buffers small response pieces and writes them in one go, waiting for 'drain' whenever the socket's
 * buffer is full, so a slow reader holds back the producer instead of growing our memory.
 */
export class Pop3Writer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;

  constructor(private target: Writable) {}

  /** STLS swaps the plaintext socket for the TLS one. */
  retarget(target: Writable): void {
    this.target = target;
  }

  get isClosed(): boolean {
    return this.closed || this.target.destroyed || this.target.writableEnded;
  }

  /** Queues bytes; flushes once enough accumulated. */
  async push(data: Buffer | string): Promise<void> {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buffer.length === 0) return;
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data =
      this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.isClosed) throw new Error('connection closed');
    if (this.target.write(data)) return;
    await new Promise<void>((resolve, reject) => {
      const target = this.target;
      const done = (error?: Error): void => {
        target.off('drain', onDrain);
        target.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => {
        this.closed = true;
        done(new Error('connection closed'));
      };
      target.on('drain', onDrain);
      target.on('close', onClose);
    });
  }

  /** Drops anything unsent: used when the session is torn down. */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.closed = true;
  }
}
