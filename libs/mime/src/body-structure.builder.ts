import { buildEnvelope, type Envelope } from './envelope.builder';
import type { MimeNode, MimeParam } from './mime-tree.types';

export interface BodyDisposition {
  type: string;
  params: MimeParam[] | null;
}

/** Extension data shared by both body kinds (BODYSTRUCTURE only, never BODY). */
interface Extension {
  disposition: BodyDisposition | null;
  language: string[] | null;
  location: string | null;
}

export interface BodyStructureLeaf extends Extension {
  kind: 'leaf';
  /** Type and subtype exactly as they go on the wire. */
  type: string;
  subtype: string;
  params: MimeParam[] | null;
  id: string | null;
  description: string | null;
  encoding: string;
  /** Encoded body size as stored, and after bare LF -> CRLF normalisation. */
  size: number;
  sizeCrlf: number;
  /** Line count; set for text/* and message/rfc822, null otherwise. */
  lines: number | null;
  /** Encapsulated message of a message/rfc822 part. */
  message: { envelope: Envelope; body: BodyStructure } | null;
  md5: string | null;
}

export interface BodyStructureMultipart extends Extension {
  kind: 'multipart';
  parts: BodyStructure[];
  subtype: string;
  params: MimeParam[] | null;
}

export type BodyStructure = BodyStructureLeaf | BodyStructureMultipart;

const US_ASCII: MimeParam = { name: 'charset', value: 'us-ascii' };

/** Dovecot's stand-in child for a multipart that has no parts, which IMAP syntax forbids. */
export function emptyTextPart(): BodyStructureLeaf {
  return {
    kind: 'leaf',
    type: 'text',
    subtype: 'plain',
    params: [US_ASCII],
    id: null,
    description: null,
    encoding: '7bit',
    size: 0,
    sizeCrlf: 0,
    lines: 0,
    message: null,
    md5: null,
    disposition: null,
    language: null,
    location: null,
  };
}

function extension(node: MimeNode): Extension {
  return {
    disposition: node.disposition
      ? {
          type: node.disposition.raw,
          params: node.disposition.wireParams.length > 0 ? node.disposition.wireParams : null,
        }
      : null,
    language: node.language,
    location: node.location,
  };
}

/*
 * What the wire says a leaf is. Containers the parser refused to open (no boundary, too
 * deep, encoded message/rfc822) cannot be reported with their real type without breaking
 * the IMAP grammar, which demands children or an envelope for those types: a refused
 * multipart is reported as text/plain (its bytes are usually text), a refused message as
 * application/octet-stream.
 */
function wireType(node: MimeNode): { type: string; subtype: string; text: boolean } {
  const ct = node.contentType;
  if (node.kind === 'leaf' && ct.mediaType.startsWith('multipart/'))
    return { type: 'text', subtype: 'plain', text: true };
  if (node.kind === 'leaf' && ct.mediaType === 'message/rfc822') {
    return { type: 'application', subtype: 'octet-stream', text: false };
  }
  return { type: ct.type, subtype: ct.subtype, text: ct.mediaType.startsWith('text/') };
}

/** Builds BODYSTRUCTURE data for a part (pass the root node for the whole message). */
export function buildBodyStructure(node: MimeNode): BodyStructure {
  if (node.kind === 'multipart' && node.multipart) {
    const parts = node.multipart.parts.map((p) => buildBodyStructure(p.node));
    return {
      kind: 'multipart',
      parts: parts.length > 0 ? parts : [emptyTextPart()],
      subtype: node.contentType.subtype,
      params: node.contentType.wireParams.length > 0 ? node.contentType.wireParams : null,
      ...extension(node),
    };
  }
  const { type, subtype, text } = wireType(node);
  const refusedMultipart = node.kind === 'leaf' && node.contentType.mediaType.startsWith('multipart/');
  let params: MimeParam[] = refusedMultipart ? [] : node.contentType.wireParams;
  // Dovecot: text parts without a charset are reported with the RFC 2046 default.
  if (text && !params.some((p) => p.name === 'charset' || p.name === 'charset*'))
    params = [...params, US_ASCII];
  const isMessage = node.kind === 'message' && node.message !== null;
  return {
    kind: 'leaf',
    type,
    subtype,
    params: params.length > 0 ? params : null,
    id: node.contentId,
    description: node.description,
    encoding: node.transferEncoding ?? '7bit',
    size: node.bodySize,
    sizeCrlf: node.bodySize + node.bodyBareLfs,
    lines: text || isMessage ? node.bodyLines : null,
    message:
      isMessage && node.message
        ? { envelope: buildEnvelope(node.message), body: buildBodyStructure(node.message) }
        : null,
    md5: node.md5,
    ...extension(node),
  };
}
