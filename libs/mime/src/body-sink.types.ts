/** What the parser tells a sink about a byte run it is about to hand off. */
export interface BodySegmentInfo {
  /** `body` for leaf content, `preamble`/`epilogue` for the text around multipart children. */
  role: 'body' | 'preamble' | 'epilogue';
  /** Lowercased media type of the node the bytes belong to. */
  mediaType: string;
  /** Content-Transfer-Encoding as written, or null. */
  transferEncoding: string | null;
}

/**
 * Receives one large byte run. Calls arrive strictly in order (write* then end, or abort),
 * and the parser waits for returned promises, so a slow store applies backpressure.
 * Chunks are views of the caller's input buffers: copy them if they must outlive the call.
 */
export interface BodyWriter {
  write(chunk: Buffer): void | Promise<void>;
  /** Returns the key under which the bytes can later be read back. */
  end(): string | Promise<string>;
  /** The parse failed before `end()`; discard whatever was stored. */
  abort?(error: Error): void | Promise<void>;
}

export interface BodySink {
  /** Called when a byte run outgrows the inline threshold. */
  open(info: BodySegmentInfo): BodyWriter | Promise<BodyWriter>;
  /** The parse failed after these runs were completely stored; they are now orphans. */
  discard?(keys: string[]): void | Promise<void>;
}

/** Observes the raw (still transfer-encoded) bytes of one leaf body while it streams past. */
export interface ChunkObserver {
  write(chunk: Buffer): void;
  end(): void;
}
