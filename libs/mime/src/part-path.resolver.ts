import type { MimeNode } from './mime-tree.types';

/*
 * IMAP part numbering (RFC 3501 section 6.4.5 / RFC 9051 section 6.4.5): a message whose
 * body is not multipart has exactly one part, "1", which is the message node itself;
 * multipart children are numbered from 1; the parts of a message/rfc822 part are the parts
 * of its encapsulated message. A non-multipart leaf has no sub-parts.
 */
function partOfMessage(message: MimeNode, n: number): MimeNode | null {
  if (message.kind === 'multipart') return message.multipart?.parts[n - 1]?.node ?? null;
  return n === 1 ? message : null;
}

/** Finds the node addressed by an IMAP part number such as [1, 2]; null if there is none. */
export function resolvePart(root: MimeNode, path: readonly number[]): MimeNode | null {
  let current: MimeNode | null = null;
  for (const n of path) {
    if (!Number.isInteger(n) || n < 1) return null;
    if (current === null) {
      current = partOfMessage(root, n);
    } else if (current.kind === 'multipart') {
      current = current.multipart?.parts[n - 1]?.node ?? null;
    } else if (current.kind === 'message' && current.message) {
      current = partOfMessage(current.message, n);
    } else {
      return null;
    }
    if (current === null) return null;
  }
  return current;
}

export interface PartVisit {
  node: MimeNode;
  /** IMAP part number, e.g. "1.2". */
  part: string;
  /** Nodes from the root down to (excluding) this one. */
  ancestors: readonly MimeNode[];
}

/** Visits every addressable part of the message in document order. */
export function listParts(root: MimeNode): PartVisit[] {
  const out: PartVisit[] = [];
  const visitPart = (node: MimeNode, part: string, ancestors: MimeNode[]): void => {
    out.push({ node, part, ancestors });
    const below = [...ancestors, node];
    if (node.kind === 'multipart') {
      node.multipart?.parts.forEach((p, i) => visitPart(p.node, `${part}.${i + 1}`, below));
    } else if (node.kind === 'message' && node.message) {
      visitMessage(node.message, part, below);
    }
  };
  const visitMessage = (message: MimeNode, prefix: string, ancestors: MimeNode[]): void => {
    const num = (i: number): string => (prefix === '' ? String(i) : `${prefix}.${i}`);
    if (message.kind === 'multipart') {
      const below = [...ancestors, message];
      message.multipart?.parts.forEach((p, i) => visitPart(p.node, num(i + 1), below));
    } else {
      visitPart(message, num(1), ancestors);
    }
  };
  visitMessage(root, '', []);
  return out;
}
