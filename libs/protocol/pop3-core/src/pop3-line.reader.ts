import type { Readable } from 'node:stream';

export type Pop3Line =
  | { kind: 'line'; text: string }
  /** The line passed the length cap; its bytes were dropped as they arrived, never buffered. */
  | { kind: 'too-long' }
  | { kind: 'end' };

const LF = 0x0a;
const CR = 0x0d;

export interface Pop3LineReaderOptions {
  maxLength: number;
  /** Queued complete lines (pipelining) above which the socket stops being read. */
  highWater?: number;
}

/**
 * Splits the client's bytes into lines (CRLF, or bare LF from sloppy clients), pulled one at a time.
 * Memory stays bounded twice over: a partial line never grows past `maxLength`, and the socket is
 * paused while too many pipelined lines wait, so a client that never reads responses stalls itself.
 */
export class Pop3LineReader {
  private source: Readable | undefined;
  private partial: Buffer[] = [];
  private partialLength = 0;
  private discarding = false;
  private readonly queue: Pop3Line[] = [];
  private waiter: ((line: Pop3Line) => void) | undefined;
  private ended = false;
  private readonly highWater: number;
  maxLength: number;

  private readonly onData = (chunk: Buffer): void => this.push(chunk);
  private readonly onEnd = (): void => this.finish();

  constructor(options: Pop3LineReaderOptions) {
    this.maxLength = options.maxLength;
    this.highWater = options.highWater ?? 64;
  }

  attach(source: Readable): void {
    this.source = source;
    source.on('data', this.onData);
    source.once('end', this.onEnd);
    source.once('close', this.onEnd);
    source.resume();
  }

  /**
   * Stops reading and forgets everything not yet processed: after STLS, plaintext that was pipelined
   * behind the command must never be executed inside the TLS session.
   */
  detach(): void {
    const source = this.source;
    if (source) {
      source.pause();
      source.off('data', this.onData);
      source.off('end', this.onEnd);
      source.off('close', this.onEnd);
    }
    this.source = undefined;
    this.partial = [];
    this.partialLength = 0;
    this.discarding = false;
    this.queue.length = 0;
  }

  /** True when a complete line is already waiting (the client pipelined). */
  get hasQueued(): boolean {
    return this.queue.length > 0;
  }

  next(): Promise<Pop3Line> {
    const line = this.queue.shift();
    if (line) {
      if (this.queue.length < this.highWater / 2 && this.source?.isPaused()) this.source.resume();
      return Promise.resolve(line);
    }
    if (this.ended) return Promise.resolve({ kind: 'end' });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private emit(line: Pop3Line): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(line);
      return;
    }
    this.queue.push(line);
    if (this.queue.length >= this.highWater) this.source?.pause();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.emit({ kind: 'end' });
  }

  private push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      if (!this.discarding) {
        const piece = chunk.subarray(start, end);
        if (this.partialLength + piece.length > this.maxLength + 1) {
          // +1 leaves room for the CR of a line that is exactly maxLength long.
          this.discarding = true;
          this.partial = [];
          this.partialLength = 0;
        } else if (piece.length > 0) {
          this.partial.push(piece);
          this.partialLength += piece.length;
        }
      }
      if (lf === -1) break;
      if (this.discarding) {
        this.discarding = false;
        this.emit({ kind: 'too-long' });
      } else {
        let line = Buffer.concat(this.partial, this.partialLength);
        if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
        this.partial = [];
        this.partialLength = 0;
        if (line.length > this.maxLength) this.emit({ kind: 'too-long' });
        else this.emit({ kind: 'line', text: line.toString('utf8') });
      }
      start = lf + 1;
    }
  }
}
