import { Readable } from 'node:stream';

import type { BodySink, BodyWriter } from '../body-sink.types';
import type { ExternalBodyReader } from '../byte-pieces';
import { MessageParser, type ParseOptions, type ParsedMessage } from '../message.parser';

/** Small deterministic PRNG so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits a buffer into chunks: a fixed size, or random sizes up to `max` when given a PRNG. */
export function chunksOf(buf: Buffer, size: number | { random: () => number; max: number }): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    const n = typeof size === 'number' ? size : 1 + Math.floor(size.random() * size.max);
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}

export async function parseChunks(
  chunks: Iterable<Buffer>,
  options: ParseOptions = {},
): Promise<ParsedMessage> {
  const parser = new MessageParser(options);
  for (const c of chunks) {
    parser.write(c);
    await parser.drain();
  }
  parser.end();
  await parser.drain();
  return parser.result();
}

export interface MemoryStore {
  sink: BodySink;
  read: ExternalBodyReader;
  blobs: Map<string, Buffer>;
  /** Keys read back, with the requested range. */
  reads: { key: string; start: number; end: number }[];
  /** Total bytes the sink has accepted so far. */
  delivered(): number;
  discarded: string[];
  aborted: number;
}

/** GridFS stand-in: keeps blobs in memory, honours ranges, records reads. */
export function memoryStore(): MemoryStore {
  const blobs = new Map<string, Buffer>();
  const reads: MemoryStore['reads'] = [];
  let delivered = 0;
  let seq = 0;
  const store: MemoryStore = {
    blobs,
    reads,
    discarded: [],
    aborted: 0,
    delivered: () => delivered,
    sink: {
      open(): BodyWriter {
        const parts: Buffer[] = [];
        return {
          async write(chunk) {
            await Promise.resolve();
            parts.push(Buffer.from(chunk));
            delivered += chunk.length;
          },
          end() {
            const key = `blob-${++seq}`;
            blobs.set(key, Buffer.concat(parts));
            return key;
          },
          abort() {
            store.aborted++;
          },
        };
      },
      discard(keys) {
        store.discarded.push(...keys);
        for (const k of keys) blobs.delete(k);
      },
    },
    read(key, range) {
      const blob = blobs.get(key);
      if (!blob) throw new Error(`no blob ${key}`);
      const start = range?.start ?? 0;
      const end = range?.end ?? blob.length;
      reads.push({ key, start, end });
      return Readable.from(chunksOf(blob.subarray(start, end), 4096));
    },
  };
  return store;
}
