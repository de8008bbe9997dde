/*
 * The stored shape of a parsed message. Everything here is plain data so that it maps
 * one-to-one onto BSON/JSON: no `undefined` (absent values are `null`), no Maps, no class
 * instances except Buffer for raw bytes, and no user-controlled object keys (header and
 * parameter names live in arrays of pairs, because MongoDB field names may not start
 * with `$` and dots in keys break dotted-path queries).
 */

/** Byte statistics shared by every stored byte run. */
export interface ByteStats {
  /** Number of bytes as received. */
  size: number;
  /** Number of LF bytes (IMAP line count). */
  lines: number;
  /** LF bytes not preceded by CR; `size + bareLfs` is the size after CRLF normalisation. */
  bareLfs: number;
}

/** A byte run kept inside the tree document. */
export interface InlineBody extends ByteStats {
  kind: 'inline';
  data: Buffer;
}

/** A byte run handed to a BodySink; `key` is whatever the sink returned from `end()`. */
export interface ExternalBody extends ByteStats {
  kind: 'external';
  key: string;
}

export type BodyRef = InlineBody | ExternalBody;

/** One header field; `key` is lowercased, `value` is unfolded and trimmed but not RFC 2047 decoded. */
export interface HeaderField {
  key: string;
  value: string;
}

export interface MimeParam {
  name: string;
  value: string;
}

export interface ContentType {
  /** Lowercased `type/subtype`, the value code should compare against. */
  mediaType: string;
  /** Type and subtype as written in the header (IMAP reports them verbatim). */
  type: string;
  subtype: string;
  /** Parameters with RFC 2231 continuations merged and values decoded to Unicode. */
  params: MimeParam[];
  /** Parameters as IMAP BODYSTRUCTURE reports them: continuations merged, still encoded. */
  wireParams: MimeParam[];
  /** False when the header was absent or unusable and the default type applies. */
  explicit: boolean;
}

export interface ContentDisposition {
  /** Lowercased disposition type, e.g. `attachment`. */
  value: string;
  /** Disposition type as written. */
  raw: string;
  params: MimeParam[];
  wireParams: MimeParam[];
}

export type MimeNodeKind = 'leaf' | 'multipart' | 'message';

/** Irregularities the parser tolerated; informative only, the bytes are always kept. */
export type MimeDefect =
  | 'HEADER_TOO_LARGE'
  | 'NESTING_TOO_DEEP'
  | 'TOO_MANY_PARTS'
  | 'MISSING_BOUNDARY'
  | 'BOUNDARY_TOO_LONG'
  | 'NO_PARTS'
  | 'UNCLOSED_MULTIPART'
  | 'ENCODED_MESSAGE';

export interface MultipartChild {
  /** Exact delimiter line: the line break before it (if any), `--boundary`, padding, line break. */
  delimiter: Buffer;
  node: MimeNode;
}

export interface MultipartBody {
  /** Boundary parameter as written (quotes removed, not RFC 2047 decoded). */
  boundary: string;
  preamble: BodyRef | null;
  parts: MultipartChild[];
  /** Line break before the close delimiter plus `--boundary--`; the rest of that line is epilogue. */
  closeDelimiter: Buffer | null;
  epilogue: BodyRef | null;
}

export interface MimeNode {
  kind: MimeNodeKind;
  /** Raw header block exactly as received, including the terminating empty line when present. */
  header: Buffer;
  headers: HeaderField[];
  contentType: ContentType;
  disposition: ContentDisposition | null;
  /** Content-Transfer-Encoding token as written, null when absent. */
  transferEncoding: string | null;
  contentId: string | null;
  description: string | null;
  language: string[] | null;
  location: string | null;
  md5: string | null;
  /** Leaf content; null unless `kind === 'leaf'`. */
  body: BodyRef | null;
  /** Multipart structure; null unless `kind === 'multipart'`. */
  multipart: MultipartBody | null;
  /** Encapsulated message of a message/rfc822 part; null unless `kind === 'message'`. */
  message: MimeNode | null;
  /** Totals over everything after the header (for multiparts including delimiters). */
  bodySize: number;
  bodyLines: number;
  bodyBareLfs: number;
  defects: MimeDefect[];
}
