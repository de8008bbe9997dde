import type { BodySegmentInfo, BodySink, BodyWriter, ChunkObserver } from './body-sink.types';
import { ByteAccumulator } from './byte-accumulator';
import { MimeError } from './mime-error';
import type { BodyRef, ExternalBody } from './mime-tree.types';

const LF = 0x0a;
const CR = 0x0d;

type Op = () => unknown;

/**
 * Sink calls made by the synchronous parser core, replayed in order by `drain()`. The core
 * only ever enqueues work for the chunk it was just given, so draining after every write
 * keeps memory bounded by the input chunk size rather than the message size.
 */
export class SinkQueue {
  private ops: Op[] = [];
  private next = 0;
  private readonly openWriters = new Set<{ writer: BodyWriter | null }>();
  readonly storedKeys: string[] = [];

  constructor(
    readonly sink: BodySink | null,
    readonly inlineThreshold: number,
  ) {}

  enqueue(op: Op): void {
    this.ops.push(op);
  }

  get pending(): boolean {
    return this.next < this.ops.length;
  }

  async drain(): Promise<void> {
    try {
      while (this.next < this.ops.length) {
        const op = this.ops[this.next++] as Op;
        await op();
      }
    } catch (error) {
      throw error instanceof MimeError
        ? error
        : new MimeError('BODY_SINK_FAILED', `body sink failed: ${String(error)}`, { cause: error });
    } finally {
      if (this.next >= this.ops.length) {
        this.ops = [];
        this.next = 0;
      }
    }
  }

  track(handle: { writer: BodyWriter | null }): void {
    this.openWriters.add(handle);
  }

  untrack(handle: { writer: BodyWriter | null }): void {
    this.openWriters.delete(handle);
  }

  /** Best effort cleanup after a failed parse; sink errors here are swallowed on purpose. */
  async abort(error: Error): Promise<void> {
    this.ops = [];
    this.next = 0;
    for (const handle of this.openWriters) {
      try {
        await handle.writer?.abort?.(error);
      } catch {
        // The original error matters more than a failed cleanup.
      }
    }
    this.openWriters.clear();
    if (this.storedKeys.length > 0 && this.sink?.discard) {
      try {
        await this.sink.discard([...this.storedKeys]);
      } catch {
        // Same as above.
      }
    }
  }
}

/** Accumulates one byte run, counting lines, spilling to the sink once it grows large. */
export class BodySegmentWriter {
  private readonly inline = new ByteAccumulator();
  private size = 0;
  private lines = 0;
  private bareLfs = 0;
  private lastByte = -1;
  private external: ExternalBody | null = null;
  private handle: { writer: BodyWriter | null } | null = null;

  constructor(
    private readonly queue: SinkQueue,
    private readonly info: BodySegmentInfo,
    private readonly observer: ChunkObserver | null,
  ) {}

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.count(chunk);
    this.observer?.write(chunk);
    if (this.external) {
      this.enqueueWrite(chunk);
      return;
    }
    this.inline.push(chunk);
    if (this.queue.sink && this.size > this.queue.inlineThreshold) this.spill(this.queue.sink);
  }

  finish(): BodyRef {
    this.observer?.end();
    const stats = { size: this.size, lines: this.lines, bareLfs: this.bareLfs };
    if (this.external && this.handle) {
      const ref = this.external;
      const handle = this.handle;
      Object.assign(ref, stats);
      this.queue.enqueue(async () => {
        const key = await (handle.writer as BodyWriter).end();
        ref.key = key;
        this.queue.untrack(handle);
        this.queue.storedKeys.push(key);
      });
      return ref;
    }
    return { kind: 'inline', data: this.inline.concat(), ...stats };
  }

  private count(chunk: Buffer): void {
    this.size += chunk.length;
    let pos = chunk.indexOf(LF);
    while (pos !== -1) {
      this.lines++;
      const prev = pos > 0 ? chunk[pos - 1] : this.lastByte;
      if (prev !== CR) this.bareLfs++;
      pos = chunk.indexOf(LF, pos + 1);
    }
    this.lastByte = chunk[chunk.length - 1] ?? this.lastByte;
  }

  private spill(sink: BodySink): void {
    const handle: { writer: BodyWriter | null } = { writer: null };
    this.handle = handle;
    this.external = { kind: 'external', key: '', size: 0, lines: 0, bareLfs: 0 };
    const info = this.info;
    this.queue.enqueue(async () => {
      handle.writer = await sink.open(info);
      this.queue.track(handle);
    });
    for (const c of this.inline.take()) this.enqueueWrite(c);
  }

  private enqueueWrite(chunk: Buffer): void {
    const handle = this.handle as { writer: BodyWriter | null };
    this.queue.enqueue(() => (handle.writer as BodyWriter).write(chunk));
  }
}
