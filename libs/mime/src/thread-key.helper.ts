import { extractMessageIds } from './header-values.decoder';

export interface ThreadKey {
  /** RFC 5256 base subject, case kept. */
  baseSubject: string;
  /** Lowercased base subject, for equality lookups. */
  subjectKey: string;
  messageId: string | null;
  /** Ancestor ids, oldest first; the direct parent (In-Reply-To) is last. */
  references: string[];
}

// RFC 5256 only names re/fw/fwd; the others are common localised reply/forward markers.
const REFWD = '(?:re|fwd?|aw|wg|sv|vs|antw|odp|rif|enc|tr)';
const BLOB = '\\[[^\\[\\]]*\\]\\s*';
const LEADER = new RegExp(`^(?:\\s+|(?:${BLOB})*${REFWD}\\s*(?:${BLOB})?:\\s*)`, 'i');
const TRAILER = /(?:\s*\(fwd\))+\s*$|\s+$/i;
const LEADING_BLOB = new RegExp(`^${BLOB}`);
const MAX_SUBJECT = 2000;

/** RFC 5256 section 2.1 base subject of an already RFC 2047-decoded subject. */
export function baseSubject(subject: string): string {
  // Real subjects are short; the cap keeps the repeated prefix stripping cheap on hostile input.
  let s = subject.slice(0, MAX_SUBJECT).replace(/\s+/g, ' ');
  for (;;) {
    let before: string;
    do {
      before = s;
      s = s.replace(TRAILER, '');
    } while (s !== before);
    do {
      before = s;
      s = s.replace(LEADER, '');
      const withoutBlob = s.replace(LEADING_BLOB, '');
      if (withoutBlob !== s && withoutBlob.trim() !== '') s = withoutBlob;
    } while (s !== before);
    const fwd = /^\[fwd:(.*)\]$/i.exec(s);
    if (!fwd) break;
    s = fwd[1] ?? '';
  }
  return s.trim();
}

/** Everything a store needs to thread a message by references (RFC 5256 REFERENCES) or subject. */
export function buildThreadKey(
  subject: string,
  messageId: string | null,
  inReplyTo: string | null,
  references: string | null,
): ThreadKey {
  const base = baseSubject(subject);
  const chain = extractMessageIds(references);
  const parent = extractMessageIds(inReplyTo)[0];
  if (parent !== undefined && chain[chain.length - 1] !== parent) {
    const existing = chain.indexOf(parent);
    if (existing !== -1) chain.splice(existing, 1);
    chain.push(parent);
  }
  const self = extractMessageIds(messageId)[0] ?? null;
  return {
    baseSubject: base,
    subjectKey: base.toLowerCase(),
    messageId: self,
    references: chain.filter((id) => id !== self),
  };
}
