import { Writable } from 'node:stream';

import { type MessageSummary, buildMessageSummary, DEFAULT_PREVIEW_LENGTH } from './message-summary.builder';
import { MimeError } from './mime-error';
import { MimeTreeParser, type MimeTreeParserOptions } from './mime-tree.parser';
import type { MimeNode } from './mime-tree.types';
import { TextCaptureCollector } from './text-capture.collector';

export interface ParseOptions extends Omit<MimeTreeParserOptions, 'observeLeaf'> {
  /** Cap (in characters) for each of the extracted text and HTML bodies. Default 1 MiB. */
  maxTextLength?: number;
  /** Preview length in characters. Default 200. */
  previewLength?: number;
}

export interface ParsedMessage {
  tree: MimeNode;
  summary: MessageSummary;
}

export const DEFAULT_MAX_TEXT_LENGTH = 1024 * 1024;

/**
 * Push-style parser producing the tree and the summary. With a sink, await `drain()` after
 * every `write()` (or use `parseMessage`, which does that) so the sink's pace is respected.
 */
export class MessageParser {
  private readonly tree: MimeTreeParser;
  private readonly texts: TextCaptureCollector;
  private readonly previewLength: number;
  private root: MimeNode | null = null;

  constructor(options: ParseOptions = {}) {
    this.texts = new TextCaptureCollector(options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH);
    this.previewLength = options.previewLength ?? DEFAULT_PREVIEW_LENGTH;
    this.tree = new MimeTreeParser({
      ...options,
      observeLeaf: (node, ancestors) => this.texts.observe(node, ancestors),
    });
  }

  get size(): number {
    return this.tree.size;
  }

  write(chunk: Uint8Array): void {
    this.tree.write(chunk);
  }

  end(): void {
    this.root = this.tree.end();
  }

  drain(): Promise<void> {
    return this.tree.drain();
  }

  abort(error: Error): Promise<void> {
    return this.tree.abort(error);
  }

  /** Available after `end()` and a final `drain()`. */
  result(): ParsedMessage {
    if (!this.root) throw new MimeError('PARSER_STATE', 'result() before end()');
    // External keys are only known once the sink has finished; a tree without them is unusable.
    if (this.tree.pendingSinkWork) throw new MimeError('PARSER_STATE', 'result() before the final drain()');
    const summary = buildMessageSummary(
      this.root,
      { text: this.texts.result('text'), html: this.texts.result('html') },
      this.previewLength,
    );
    return { tree: this.root, summary };
  }
}

export type MessageSource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Parses a whole message from a Buffer, an array of chunks, or any async iterable such as
 * a Readable. On failure the sink is told to discard what it stored and the error (a
 * MimeError for size limits and sink failures) is rethrown.
 */
export async function parseMessage(
  source: MessageSource,
  options: ParseOptions = {},
): Promise<ParsedMessage> {
  const parser = new MessageParser(options);
  try {
    if (source instanceof Uint8Array) {
      parser.write(source);
      await parser.drain();
    } else {
      for await (const chunk of source) {
        parser.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
        await parser.drain();
      }
    }
    parser.end();
    await parser.drain();
    return parser.result();
  } catch (error) {
    await parser.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/** Synchronous parse of an in-memory message; bodies stay inline (no sink). */
export function parseMessageSync(
  source: Uint8Array,
  options: Omit<ParseOptions, 'sink'> = {},
): ParsedMessage {
  const parser = new MessageParser({ ...options, sink: null });
  parser.write(source);
  parser.end();
  return parser.result();
}

/** Writable adapter: pipe a message into it and await `parsed`. */
export class MessageParserStream extends Writable {
  readonly parsed: Promise<ParsedMessage>;
  private readonly parser: MessageParser;
  private settle: { resolve: (m: ParsedMessage) => void; reject: (e: unknown) => void } | null = null;

  constructor(options: ParseOptions = {}) {
    super();
    this.parser = new MessageParser(options);
    this.parsed = new Promise<ParsedMessage>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Callers that only listen for stream errors must not see an unhandled rejection too.
    this.parsed.catch(() => undefined);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      this.fail(error, callback);
      return;
    }
    this.parser.drain().then(
      () => callback(),
      (error: unknown) => this.fail(error, callback),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.parser.end();
    } catch (error) {
      this.fail(error, callback);
      return;
    }
    this.parser
      .drain()
      .then(() => {
        this.settle?.resolve(this.parser.result());
        callback();
      })
      .catch((error: unknown) => this.fail(error, callback));
  }

  private fail(error: unknown, callback: (error?: Error | null) => void): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.settle?.reject(err);
    this.parser.abort(err).then(
      () => callback(err),
      () => callback(err),
    );
  }
}
