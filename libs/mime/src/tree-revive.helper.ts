import type { BodyRef, MimeNode, MultipartBody } from './mime-tree.types';

/**
 * Turns whatever a database or JSON round trip made of the tree's Buffers back into
 * Buffers: Node Buffers, Uint8Arrays, BSON Binary-like objects (`{ buffer, position }`)
 * and JSON-serialised Buffers (`{ type: 'Buffer', data: [...] }`) are accepted.
 */
export function toBinaryBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value && typeof value === 'object') {
    const v = value as { buffer?: unknown; position?: unknown; type?: unknown; data?: unknown };
    if (v.buffer instanceof Uint8Array) {
      const length = typeof v.position === 'number' ? v.position : v.buffer.byteLength;
      return Buffer.from(v.buffer.buffer, v.buffer.byteOffset, length);
    }
    if (v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data as number[]);
  }
  throw new TypeError('expected binary data in stored MIME tree');
}

function reviveRef(ref: BodyRef | null): BodyRef | null {
  if (ref === null || ref === undefined) return null;
  return ref.kind === 'inline' ? { ...ref, data: toBinaryBuffer(ref.data) } : { ...ref };
}

function reviveMultipart(mp: MultipartBody | null): MultipartBody | null {
  if (mp === null || mp === undefined) return null;
  return {
    ...mp,
    preamble: reviveRef(mp.preamble),
    parts: mp.parts.map((p) => ({ delimiter: toBinaryBuffer(p.delimiter), node: reviveMimeTree(p.node) })),
    closeDelimiter:
      mp.closeDelimiter === null || mp.closeDelimiter === undefined
        ? null
        : toBinaryBuffer(mp.closeDelimiter),
    epilogue: reviveRef(mp.epilogue),
  };
}

/** Copies a stored tree, converting its binary fields back to Buffers. */
export function reviveMimeTree(node: MimeNode): MimeNode {
  return {
    ...node,
    header: toBinaryBuffer(node.header),
    body: reviveRef(node.body),
    multipart: reviveMultipart(node.multipart),
    message: node.message === null || node.message === undefined ? null : reviveMimeTree(node.message),
  };
}
