const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;

const TERMINATOR = Buffer.from('.\r\n');
const CRLF_TERMINATOR = Buffer.from('\r\n.\r\n');

/**
 * RFC 1939 multi-line framing for a byte stream: a line starting with "." gets another "." in front,
 * and the response ends with a line holding a single ".". Works across chunk boundaries.
 */
export class DotStuffer {
  private atLineStart = true;
  private last = -1;
  private beforeLast = -1;

  push(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    const positions: number[] = [];
    if (this.atLineStart && chunk[0] === DOT) positions.push(0);
    for (let i = chunk.indexOf(LF); i !== -1 && i + 1 < chunk.length; i = chunk.indexOf(LF, i + 1)) {
      if (chunk[i + 1] === DOT) positions.push(i + 1);
    }
    this.atLineStart = chunk[chunk.length - 1] === LF;
    this.beforeLast = chunk.length >= 2 ? chunk[chunk.length - 2]! : this.last;
    this.last = chunk[chunk.length - 1]!;
    if (positions.length === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + positions.length);
    let written = 0;
    let from = 0;
    for (const at of positions) {
      written += chunk.copy(out, written, from, at);
      out[written++] = DOT;
      from = at;
    }
    chunk.copy(out, written, from);
    return out;
  }

  /** The end of the response, with a CRLF first when the content did not end with one. */
  terminator(): Buffer {
    const endsWithCrlf = this.last === -1 || (this.last === LF && this.beforeLast === CR);
    return endsWithCrlf ? TERMINATOR : CRLF_TERMINATOR;
  }
}

/**
 * TOP n k: the header, the empty line after it, then at most k body lines. Reports when it has
 * everything so the caller can stop reading the message instead of streaming the rest.
 */
export class TopLimiter {
  private inHeader = true;
  private lineLength = 0;
  private lineHasOnlyCr = false;
  private bodyLinesLeft: number;
  private finished = false;
  private last = -1;

  constructor(bodyLines: number) {
    this.bodyLinesLeft = bodyLines;
  }

  get done(): boolean {
    return this.finished;
  }

  push(chunk: Buffer): Buffer {
    if (this.finished) return Buffer.alloc(0);
    if (!this.inHeader && this.bodyLinesLeft === 0) {
      this.finished = true;
      return Buffer.alloc(0);
    }
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte !== LF) {
        this.lineHasOnlyCr = this.lineLength === 0 ? byte === CR : false;
        this.lineLength++;
        continue;
      }
      const emptyLine = this.lineLength === 0 || (this.lineLength === 1 && this.lineHasOnlyCr);
      this.lineLength = 0;
      this.lineHasOnlyCr = false;
      if (this.inHeader) {
        if (emptyLine) this.inHeader = false;
      } else {
        this.bodyLinesLeft--;
      }
      if (!this.inHeader && this.bodyLinesLeft === 0) {
        this.finished = true;
        this.last = LF;
        return chunk.subarray(0, i + 1);
      }
    }
    if (chunk.length > 0) this.last = chunk[chunk.length - 1]!;
    return chunk;
  }

  /** Called when the message ended first: a message without a body still gets its empty line. */
  end(): Buffer {
    if (!this.inHeader) return Buffer.alloc(0);
    this.inHeader = false;
    this.finished = true;
    if (this.last === -1) return Buffer.from('\r\n');
    return Buffer.from(this.last === LF ? '\r\n' : '\r\n\r\n');
  }
}
