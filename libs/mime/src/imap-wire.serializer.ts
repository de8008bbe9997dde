import type { BodyDisposition, BodyStructure, BodyStructureLeaf } from './body-structure.builder';
import type { Envelope, EnvelopeAddress } from './envelope.builder';
import type { MimeParam } from './mime-tree.types';

export interface ImapWireOptions {
  /** Strings longer than this many bytes are sent as literals. Default 1024. */
  maxQuotedLength?: number;
}

export interface BodyStructureWireOptions extends ImapWireOptions {
  /** true: BODYSTRUCTURE (with extension data); false: BODY. */
  extended: boolean;
  /** Report sizes as they will be after bare LF -> CRLF normalisation. */
  crlf?: boolean;
}

const DEFAULT_MAX_QUOTED = 1024;

/**
 * An IMAP string. Quoted strings may only hold 7-bit text without CR, LF or NUL, so
 * anything else (8-bit UTF-8 included) becomes a literal whose length counts UTF-8 bytes;
 * the returned text must therefore be written to the socket as UTF-8.
 */
export function imapString(value: string, options: ImapWireOptions = {}): string {
  const max = options.maxQuotedLength ?? DEFAULT_MAX_QUOTED;
  if (/[\r\n\0\u0080-\uffff]/.test(value) || value.length > max) {
    return `{${Buffer.byteLength(value, 'utf8')}}\r\n${value}`;
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function imapNString(value: string | null, options: ImapWireOptions = {}): string {
  return value === null ? 'NIL' : imapString(value, options);
}

function addressList(list: EnvelopeAddress[] | null, o: ImapWireOptions): string {
  if (list === null || list.length === 0) return 'NIL';
  const items = list.map(
    (a) =>
      `(${imapNString(a.name, o)} ${imapNString(a.adl, o)} ${imapNString(a.mailbox, o)} ${imapNString(a.host, o)})`,
  );
  return `(${items.join('')})`;
}

/** ENVELOPE wire form, parentheses included. */
export function formatEnvelope(env: Envelope, options: ImapWireOptions = {}): string {
  const o = options;
  return `(${[
    imapNString(env.date, o),
    imapNString(env.subject, o),
    addressList(env.from, o),
    addressList(env.sender, o),
    addressList(env.replyTo, o),
    addressList(env.to, o),
    addressList(env.cc, o),
    addressList(env.bcc, o),
    imapNString(env.inReplyTo, o),
    imapNString(env.messageId, o),
  ].join(' ')})`;
}

function paramList(params: MimeParam[] | null, o: ImapWireOptions): string {
  if (params === null || params.length === 0) return 'NIL';
  return `(${params.map((p) => `${imapString(p.name, o)} ${imapString(p.value, o)}`).join(' ')})`;
}

function dispositionOf(d: BodyDisposition | null, o: ImapWireOptions): string {
  return d === null ? 'NIL' : `(${imapString(d.type, o)} ${paramList(d.params, o)})`;
}

function languageOf(lang: string[] | null, o: ImapWireOptions): string {
  return lang === null || lang.length === 0 ? 'NIL' : `(${lang.map((l) => imapString(l, o)).join(' ')})`;
}

function leaf(bs: BodyStructureLeaf, o: BodyStructureWireOptions): string {
  const fields = [
    imapString(bs.type, o),
    imapString(bs.subtype, o),
    paramList(bs.params, o),
    imapNString(bs.id, o),
    imapNString(bs.description, o),
    imapString(bs.encoding, o),
    String(o.crlf ? bs.sizeCrlf : bs.size),
  ];
  if (bs.message) {
    fields.push(
      formatEnvelope(bs.message.envelope, o),
      formatBodyStructure(bs.message.body, o),
      String(bs.lines ?? 0),
    );
  } else if (bs.lines !== null) {
    fields.push(String(bs.lines));
  }
  if (o.extended) {
    fields.push(
      imapNString(bs.md5, o),
      dispositionOf(bs.disposition, o),
      languageOf(bs.language, o),
      imapNString(bs.location, o),
    );
  }
  return `(${fields.join(' ')})`;
}

/** BODY / BODYSTRUCTURE wire form, parentheses included. */
export function formatBodyStructure(bs: BodyStructure, options: BodyStructureWireOptions): string {
  if (bs.kind === 'leaf') return leaf(bs, options);
  const o = options;
  let out = `(${bs.parts.map((p) => formatBodyStructure(p, o)).join('')} ${imapString(bs.subtype, o)}`;
  if (o.extended) {
    out += ` ${paramList(bs.params, o)} ${dispositionOf(bs.disposition, o)} ${languageOf(bs.language, o)} ${imapNString(bs.location, o)}`;
  }
  return `${out})`;
}
