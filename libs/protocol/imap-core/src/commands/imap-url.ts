import { normalizeInbox } from '../session/mailbox-names';

/** An IMAP URL naming one message or part of it (RFC 5092), as CATENATE's URL parts use them. */
export interface MessagePartUrl {
  path: string;
  uidValidity: number | null;
  uid: number;
  /** A FETCH section such as `HEADER` or `1.MIME`; empty for the whole message. */
  section: string;
  partial: { offset: number; length: number | null } | null;
}

/** The URL cannot name a message this session may read; it becomes `NO [BADURL "url"]`. */
export class BadImapUrlError extends Error {}

const NUMBER = /^[1-9]\d{0,9}$/;
const OFFSET = /^\d{1,10}$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadImapUrlError('bad percent-encoding');
  }
}

/** Strips `imap://user@host[:port]`, refusing another user's mail and URLAUTH, which is not offered. */
function serverRelative(url: string, username: string): string {
  if (url.startsWith('/')) return url;
  const m = /^imap:\/\/(?:([^@/]*)@)?[^/]+(\/.*)$/i.exec(url);
  if (!m) throw new BadImapUrlError('not an IMAP URL');
  const userinfo = m[1];
  if (userinfo !== undefined) {
    const user = decode(userinfo.split(';')[0] ?? '');
    if (user.toLowerCase() !== username.toLowerCase()) throw new BadImapUrlError('another user');
  }
  return m[2] as string;
}

/**
 * Parses `/mailbox[;UIDVALIDITY=n]/;UID=n[/;SECTION=s][/;PARTIAL=o[.l]]`, relative to this server, or the
 * same after `imap://user@host`.
 */
export function parseMessagePartUrl(url: string, username: string): MessagePartUrl {
  const relative = serverRelative(url, username);
  if (/;urlauth=/i.test(relative)) throw new BadImapUrlError('URLAUTH is not supported');
  const segments = relative.slice(1).split('/;');
  const [mailboxPart, ...params] = segments;
  if (!mailboxPart || params.length === 0) throw new BadImapUrlError('no message named');
  const [encodedMailbox, ...mailboxParams] = mailboxPart.split(';');
  let uidValidity: number | null = null;
  for (const param of mailboxParams) {
    const [key, value = ''] = param.split('=');
    if (key?.toUpperCase() !== 'UIDVALIDITY' || !NUMBER.test(value)) throw new BadImapUrlError('bad mailbox');
    uidValidity = Number(value);
  }
  const found: Record<string, string> = {};
  for (const param of params) {
    const equals = param.indexOf('=');
    const key = equals > 0 ? param.slice(0, equals).toUpperCase() : '';
    if (!['UID', 'SECTION', 'PARTIAL'].includes(key) || key in found)
      throw new BadImapUrlError('bad parameter');
    found[key] = decode(param.slice(equals + 1));
  }
  const { UID: uid, SECTION: section = '', PARTIAL: partial } = found;
  if (!uid || !NUMBER.test(uid)) throw new BadImapUrlError('bad UID');
  let range: MessagePartUrl['partial'] = null;
  if (partial !== undefined) {
    const [offset = '', length] = partial.split('.');
    if (!OFFSET.test(offset) || (length !== undefined && !NUMBER.test(length)))
      throw new BadImapUrlError('bad PARTIAL');
    range = { offset: Number(offset), length: length === undefined ? null : Number(length) };
  }
  if (!/^[\w.() "-]*$/.test(section)) throw new BadImapUrlError('bad SECTION');
  return {
    path: normalizeInbox(decode(encodedMailbox ?? '')),
    uidValidity,
    uid: Number(uid),
    section,
    partial: range,
  };
}
