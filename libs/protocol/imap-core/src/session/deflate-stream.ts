import { Duplex } from 'node:stream';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';

export interface DeflateStreamOptions {
  /** Bytes the session had already read past the COMPRESS command; they are compressed data. */
  pending?: Buffer;
  /** The client sent something that is not a valid DEFLATE stream. Called once. */
  onCorrupt: (error: Error) => void;
}

/**
 * RFC 4978 COMPRESS=DEFLATE: a duplex over the connection that inflates what the client
 * sends and deflates what the server writes. The session swaps it in for the socket the same
 * way it swaps in a TLS socket.
 *
 * Each write the response writer makes is one batch of responses; it is followed by a
 * Z_SYNC_FLUSH so the client can decode everything sent so far and never waits on bytes
 * held back by the compressor. Backpressure runs end to end: when the input buffer stops
 * reading, inflate output stops being consumed, zlib stops producing (it checks the readable
 * side between output chunks), and the socket is paused. A small compressed input therefore
 * cannot expand into unbounded memory.
 */
export class DeflateStream extends Duplex {
  private readonly inflate: InflateRaw;
  private readonly deflate: DeflateRaw;
  private corrupt = false;
  private inputEnded = false;

  constructor(
    private readonly raw: Duplex,
    private readonly options: DeflateStreamOptions,
  ) {
    super({ allowHalfOpen: false });
    this.inflate = createInflateRaw();
    this.deflate = createDeflateRaw();

    this.inflate.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) this.inflate.pause();
    });
    this.inflate.on('error', (error: Error) => this.failInflate(error));

    this.deflate.on('error', (error: Error) => this.destroy(error));
    this.deflate.pipe(raw);

    raw.on('data', (chunk: Buffer) => {
      if (this.corrupt) return;
      if (!this.inflate.write(chunk)) {
        raw.pause();
        this.inflate.once('drain', () => raw.resume());
      }
    });
    raw.on('end', () => this.endInput());
    raw.on('close', () => {
      // Output has nowhere to go; dropping it keeps writers from waiting for a drain that
      // never comes. Input already received is still handed over, as on a plain socket.
      this.deflate.unpipe(raw);
      this.deflate.resume();
      this.endInput();
    });
    raw.on('error', (error: Error) => this.destroy(error));

    if (options.pending && options.pending.length > 0) this.inflate.write(options.pending);
    raw.resume();
  }

  /**
   * Flush rather than end the inflater: a client that simply hangs up never finishes its
   * DEFLATE stream, and ending would report that as corrupt data.
   */
  private endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    if (this.corrupt || this.inflate.destroyed) this.push(null);
    else this.inflate.flush(constants.Z_SYNC_FLUSH, () => this.push(null));
  }

  private failInflate(error: Error): void {
    if (this.corrupt) return;
    this.corrupt = true;
    // Later bytes are dropped as they arrive (see the 'data' handler) so end and close still
    // flow; a pause waiting for the dead inflater's drain is lifted.
    this.raw.resume();
    this.options.onCorrupt(error);
  }

  override _read(): void {
    if (!this.corrupt) this.inflate.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.deflate.write(chunk);
    this.deflate.flush(constants.Z_SYNC_FLUSH, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Ending deflate finishes the stream and, through the pipe, ends the socket.
    this.deflate.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inflate.destroy();
    this.deflate.unpipe(this.raw);
    this.deflate.destroy();
    this.raw.destroy();
    callback(error);
  }
}
