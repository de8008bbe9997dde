import type { Readable } from 'node:stream';

export interface ReadMessage {
  /** The message, or null when it went over the limit (its bytes were counted, not kept). */
  raw: Buffer | null;
  size: number;
}

/**
 * Reads a DATA stream into memory up to `limit` bytes. Past the limit it keeps draining (the client is
 * still sending) but stops buffering, so memory stays bounded. Rejects when the client goes away before the
 * final dot: nothing of a partial message may be delivered.
 */
export const readMessage = (stream: Readable, limit: number): Promise<ReadMessage> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve({ raw: size > limit ? null : Buffer.concat(chunks, size), size });
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    stream.once('end', () => finish(null));
    stream.once('error', (error: Error) => finish(error));
    // Destroyed without an error: the connection closed mid-DATA.
    stream.once('close', () => finish(new Error('connection closed before the end of DATA')));
  });
