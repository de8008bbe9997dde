import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Stateful bare-LF -> CRLF conversion. It is the only transformation the library ever
 * applies to message bytes, and only on request: a CR already in front of an LF (even in
 * the previous chunk) is respected, and lone CRs are left alone.
 */
export class CrlfConverter {
  private lastByte = -1;

  push(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    let extra = 0;
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
      const prev = i > 0 ? chunk[i - 1] : this.lastByte;
      if (prev !== CR) extra++;
    }
    const first = this.lastByte;
    this.lastByte = chunk[chunk.length - 1] ?? this.lastByte;
    if (extra === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + extra);
    let o = 0;
    let from = 0;
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
      const prev = i > 0 ? chunk[i - 1] : first;
      if (prev === CR) continue;
      o += chunk.copy(out, o, from, i);
      out[o++] = CR;
      from = i;
    }
    o += chunk.copy(out, o, from);
    return out;
  }
}

/** Async-iterable form of the opt-in CRLF normalisation. */
export async function* normalizeLineEndings(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<Buffer> {
  const converter = new CrlfConverter();
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out = converter.push(buf);
    if (out.length > 0) yield out;
  }
}

/** Stream form of the opt-in CRLF normalisation, e.g. `rebuildMessage(tree).pipe(new LineEndingNormalizer())`. */
export class LineEndingNormalizer extends Transform {
  private readonly converter = new CrlfConverter();

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, this.converter.push(chunk));
  }
}

/** Number of bytes CRLF normalisation would add to a buffer considered on its own. */
export function countBareLfs(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i !== -1; i = buf.indexOf(LF, i + 1)) {
    if (i === 0 || buf[i - 1] !== CR) n++;
  }
  return n;
}
