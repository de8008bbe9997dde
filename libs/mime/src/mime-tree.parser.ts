import {
  type ActiveBoundary,
  classifyLine,
  MAX_BOUNDARY_PADDING,
  type LineVerdict,
} from './boundary-line.classifier';
import type { BodySink, ChunkObserver } from './body-sink.types';
import { BodySegmentWriter, SinkQueue } from './body-segment.writer';
import { defaultContentType } from './content-headers.parser';
import { MimeError } from './mime-error';
import { closeFrame, finishPreamble, type Frame, newFrame } from './mime-frame';
import { completeHeader, decideBody, type BodyPlan } from './mime-node.factory';
import type { ContentType, MimeNode } from './mime-tree.types';

export interface MimeTreeParserOptions {
  /** Bytes; `write()` throws MimeError MESSAGE_TOO_LARGE as soon as the input exceeds it. */
  maxMessageSize?: number;
  /** Bytes per header block; a larger header is cut at a line boundary and the rest is body. */
  maxHeaderSize?: number;
  /** Deepest container nesting; deeper multiparts and messages are kept as opaque leaves. */
  maxDepth?: number;
  /** Total node budget; once spent, boundaries are no longer recognised. */
  maxParts?: number;
  /** Byte runs larger than this go to `sink` (when one is given). */
  inlineThreshold?: number;
  sink?: BodySink | null;
  /** Lets a caller watch leaf bodies stream past (used for text extraction). */
  observeLeaf?: (node: MimeNode, ancestors: readonly MimeNode[]) => ChunkObserver | null;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const CR_BUF = Buffer.from('\r');
const MAX_BOUNDARY_LENGTH = 998;

export const DEFAULT_LIMITS = {
  maxHeaderSize: 2 * 1024 * 1024,
  maxDepth: 50,
  maxParts: 10_000,
  inlineThreshold: 64 * 1024,
} as const;

/**
 * Push parser that turns a byte stream into a MimeNode tree without losing a byte.
 * `write()` and `end()` are synchronous; when a sink is configured, call `drain()` after each
 * write so that sink backpressure is honoured and memory stays bounded by the chunk size.
 */
export class MimeTreeParser {
  readonly root: MimeNode;
  private readonly frames: Frame[] = [];
  private active: ActiveBoundary[] = [];
  private readonly queue: SinkQueue;
  private readonly maxMessageSize: number;
  private readonly maxHeaderSize: number;
  private readonly maxDepth: number;
  private readonly maxParts: number;
  private readonly maxCandidate: number;
  private readonly observeLeaf: MimeTreeParserOptions['observeLeaf'];
  private total = 0;
  private nodes = 0;
  private boundariesDisabled = false;
  private atLineStart = true;
  /*
   * RFC 2046 gives the line break before a delimiter to the delimiter, so a body's last line
   * break is only written once the next line is known not to be a boundary. A CR at the very
   * end of a chunk is held for the same reason: it may be the first half of that line break.
   */
  private pendingEol: Buffer | null = null;
  private pendingCr = false;
  /** Start of a line that might be a boundary, kept until it can be classified. */
  private lineBuf: Buffer[] = [];
  private lineBufSize = 0;
  private state: 'open' | 'ended' | 'failed' = 'open';

  constructor(options: MimeTreeParserOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? Number.POSITIVE_INFINITY;
    this.maxHeaderSize = options.maxHeaderSize ?? DEFAULT_LIMITS.maxHeaderSize;
    this.maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
    this.maxParts = options.maxParts ?? DEFAULT_LIMITS.maxParts;
    this.maxCandidate = 2 + MAX_BOUNDARY_LENGTH + 2 + MAX_BOUNDARY_PADDING + 2;
    this.observeLeaf = options.observeLeaf;
    this.queue = new SinkQueue(
      options.sink ?? null,
      options.inlineThreshold ?? DEFAULT_LIMITS.inlineThreshold,
    );
    this.root = this.pushFrame(0, defaultContentType('text/plain'));
  }

  /** Total bytes accepted so far. */
  get size(): number {
    return this.total;
  }

  /** True while sink work handed out by `write()`/`end()` has not been drained yet. */
  get pendingSinkWork(): boolean {
    return this.queue.pending;
  }

  write(chunk: Uint8Array): void {
    if (this.state !== 'open')
      throw new MimeError('PARSER_STATE', `write() after ${this.state === 'ended' ? 'end()' : 'failure'}`);
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.total += buf.length;
    if (this.total > this.maxMessageSize) {
      this.state = 'failed';
      throw new MimeError('MESSAGE_TOO_LARGE', `message exceeds ${this.maxMessageSize} bytes`);
    }
    this.consume(buf);
  }

  end(): MimeNode {
    if (this.state !== 'open') throw new MimeError('PARSER_STATE', 'end() called twice or after failure');
    this.state = 'ended';
    if (this.lineBufSize > 0) {
      const line = this.takeLineBuf();
      this.applyVerdict(classifyLine(line, true, this.active), line);
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      this.contentWriter().write(CR_BUF);
    }
    this.flushPendingEol();
    while (this.frames.length > 0) this.popFrame();
    return this.root;
  }

  /** Waits until the sink has accepted everything handed out so far. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** Tells open sink writers to discard their data; used when the caller gives up. */
  async abort(error: Error): Promise<void> {
    this.state = 'failed';
    await this.queue.abort(error);
  }

  private consume(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      if (this.atLineStart && this.active.length > 0 && !this.boundariesDisabled) {
        i = this.feedLineStart(buf, i);
      } else {
        if (this.atLineStart) {
          this.atLineStart = false;
          this.flushPendingEol();
        }
        i = this.processState(buf, i);
      }
    }
  }

  /** Replays bytes that turned out not to be a boundary line through the normal path. */
  private replay(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) i = this.processState(buf, i);
  }

  private processState(buf: Buffer, i: number): number {
    const frame = this.top();
    if (frame.state === 'header') return this.processHeader(frame, buf, i);
    return this.processBody(buf, i);
  }

  private feedLineStart(buf: Buffer, i: number): number {
    if (this.lineBufSize === 0 && buf[i] !== DASH) {
      this.atLineStart = false;
      this.flushPendingEol();
      return i;
    }
    const lf = buf.indexOf(LF, i);
    const end = Math.min(lf === -1 ? buf.length : lf + 1, i + (this.maxCandidate - this.lineBufSize));
    this.lineBuf.push(buf.subarray(i, end));
    this.lineBufSize += end - i;
    const line = this.lineBuf.length === 1 ? (this.lineBuf[0] as Buffer) : Buffer.concat(this.lineBuf);
    let verdict = classifyLine(line, line[line.length - 1] === LF, this.active);
    if (verdict.kind === 'undecided' && this.lineBufSize < this.maxCandidate) return end;
    if (verdict.kind === 'undecided') verdict = { kind: 'not' };
    this.lineBuf = [];
    this.lineBufSize = 0;
    this.applyVerdict(verdict, line);
    return end;
  }

  private takeLineBuf(): Buffer {
    const line = Buffer.concat(this.lineBuf);
    this.lineBuf = [];
    this.lineBufSize = 0;
    return line;
  }

  private applyVerdict(verdict: LineVerdict, line: Buffer): void {
    switch (verdict.kind) {
      case 'undecided':
      case 'not':
        this.atLineStart = false;
        this.flushPendingEol();
        this.replay(line);
        return;
      case 'delimiter': {
        const delimiter = this.withPendingEol(line);
        this.popUntil(verdict.level);
        const frame = this.top();
        if (frame.state === 'preamble') finishPreamble(frame);
        frame.state = 'children';
        const child = this.pushFrame(frame.depth + 1, frame.childType);
        frame.node.multipart?.parts.push({ delimiter, node: child });
        this.atLineStart = true;
        return;
      }
      case 'close': {
        const closing = this.withPendingEol(line.subarray(0, verdict.length));
        this.popUntil(verdict.level);
        const frame = this.top();
        if (frame.state === 'preamble') {
          finishPreamble(frame);
          frame.node.defects.push('NO_PARTS');
        }
        if (frame.node.multipart) frame.node.multipart.closeDelimiter = closing;
        frame.state = 'epilogue';
        frame.dashBoundary = null;
        frame.segment = this.segmentFor(frame.node, 'epilogue', null);
        this.refreshBoundaries();
        this.atLineStart = false;
        this.replay(line.subarray(verdict.length));
        return;
      }
    }
  }

  private withPendingEol(line: Buffer): Buffer {
    const parts = this.pendingEol ? [this.pendingEol, line] : [line];
    this.pendingEol = null;
    return Buffer.concat(parts);
  }

  private processHeader(frame: Frame, buf: Buffer, i: number): number {
    const lf = buf.indexOf(LF, i);
    const end = lf === -1 ? buf.length : lf + 1;
    const piece = buf.subarray(i, end);
    if (frame.header.size + frame.line.size + piece.length > this.maxHeaderSize) {
      this.overflowHeader(frame, piece);
      return end;
    }
    if (frame.line.size === 0) frame.lineFirst = piece[0] ?? -1;
    frame.line.push(piece);
    if (lf === -1) return end;
    const blank = frame.line.size === 1 || (frame.line.size === 2 && frame.lineFirst === CR);
    for (const part of frame.line.take()) frame.header.push(part);
    this.atLineStart = true;
    if (blank) this.startBody(frame, false);
    return end;
  }

  /** A header that will not fit ends at the last complete line; the rest is treated as body. */
  private overflowHeader(frame: Frame, piece: Buffer): void {
    const rest = Buffer.concat([...frame.line.take(), piece]);
    this.startBody(frame, true);
    this.atLineStart = false;
    this.replay(rest);
  }

  private startBody(frame: Frame, overflow: boolean): void {
    const lines = completeHeader(frame.node, frame.header.concat(), frame.defaultType);
    if (overflow) frame.node.defects.push('HEADER_TOO_LARGE');
    const plan: BodyPlan = decideBody(frame.node, lines, {
      depth: frame.depth,
      maxDepth: this.maxDepth,
      partsLeft: !this.boundariesDisabled,
      maxBoundaryLength: MAX_BOUNDARY_LENGTH,
    });
    if (plan.kind === 'multipart') {
      frame.state = 'preamble';
      frame.dashBoundary = Buffer.concat([Buffer.from('--'), plan.boundary]);
      frame.childType = plan.childType;
      frame.segment = this.segmentFor(frame.node, 'preamble', null);
      this.refreshBoundaries();
    } else if (plan.kind === 'message') {
      frame.state = 'message';
      frame.node.message = this.pushFrame(frame.depth + 1, defaultContentType('text/plain'));
    } else {
      frame.state = 'body';
      const observer = this.observeLeaf
        ? this.observeLeaf(
            frame.node,
            this.frames.slice(0, -1).map((f) => f.node),
          )
        : null;
      frame.segment = this.segmentFor(frame.node, 'body', observer);
    }
  }

  private processBody(buf: Buffer, i: number): number {
    const writer = this.contentWriter();
    if (this.pendingCr) {
      this.pendingCr = false;
      if (buf[i] === LF) {
        this.pendingEol = Buffer.from('\r\n');
        this.atLineStart = true;
        return i + 1;
      }
      writer.write(CR_BUF);
    }
    if (this.active.length === 0 || this.boundariesDisabled) {
      writer.write(buf.subarray(i));
      return buf.length;
    }
    // Only a line starting with '-' can be a boundary, so everything else streams through in one run.
    let pos = i;
    for (;;) {
      const lf = buf.indexOf(LF, pos);
      if (lf === -1) {
        let end = buf.length;
        if (end > i && buf[end - 1] === CR) {
          end--;
          this.pendingCr = true;
        }
        writer.write(buf.subarray(i, end));
        return buf.length;
      }
      const next = lf + 1;
      if (next < buf.length && buf[next] !== DASH) {
        pos = next;
        continue;
      }
      const eolStart = lf > i && buf[lf - 1] === CR ? lf - 1 : lf;
      writer.write(buf.subarray(i, eolStart));
      this.pendingEol = Buffer.from(buf.subarray(eolStart, next));
      this.atLineStart = true;
      return next;
    }
  }

  private flushPendingEol(): void {
    if (!this.pendingEol) return;
    const eol = this.pendingEol;
    this.pendingEol = null;
    this.contentWriter().write(eol);
  }

  private contentWriter(): BodySegmentWriter {
    const segment = this.top().segment;
    if (!segment) throw new MimeError('PARSER_STATE', 'no open body segment');
    return segment;
  }

  private top(): Frame {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) throw new MimeError('PARSER_STATE', 'parser has no open part');
    return frame;
  }

  private pushFrame(depth: number, defaultType: ContentType): MimeNode {
    const frame = newFrame(depth, defaultType);
    this.nodes++;
    if (this.nodes >= this.maxParts) this.boundariesDisabled = true;
    this.frames.push(frame);
    return frame.node;
  }

  private popUntil(level: number): void {
    while (this.frames.length - 1 > level) this.popFrame();
  }

  private popFrame(): void {
    closeFrame(this.top());
    this.frames.pop();
    this.refreshBoundaries();
  }

  private segmentFor(
    node: MimeNode,
    role: 'body' | 'preamble' | 'epilogue',
    observer: ChunkObserver | null,
  ): BodySegmentWriter {
    return new BodySegmentWriter(
      this.queue,
      { role, mediaType: node.contentType.mediaType, transferEncoding: node.transferEncoding },
      observer,
    );
  }

  private refreshBoundaries(): void {
    const active: ActiveBoundary[] = [];
    for (let level = this.frames.length - 1; level >= 0; level--) {
      const frame = this.frames[level] as Frame;
      if (frame.dashBoundary && (frame.state === 'preamble' || frame.state === 'children')) {
        active.push({ level, dashBoundary: frame.dashBoundary });
      }
    }
    this.active = active;
  }
}
