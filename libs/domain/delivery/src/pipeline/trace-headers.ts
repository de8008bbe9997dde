export interface TraceInfo {
  /** MAIL FROM, '' for the null sender. */
  sender: string;
  /** The address the message is delivered to (the canonical address the recipient resolved to). */
  recipient: string;
  /** The recipient as the client wrote it in RCPT TO, for the Received `for` clause. */
  originalRecipient: string;
  /** LHLO name. */
  heloName: string;
  clientHostname: string;
  remoteAddress: string;
  /** This server's name. */
  hostname: string;
  /** Session or transaction id, for matching logs. */
  id: string;
  transport: 'LMTP' | 'LMTPS' | 'LMTPA';
  date: Date;
}

// Header values may only hold printable text here: every piece comes from the client, and a CR or LF would
// let it inject headers of its own.
const clean = (value: string, max = 200): string =>
  value
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/[()<>]/g, '')
    .trim()
    .slice(0, max);

const cleanAddress = (value: string): string =>
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  value.replace(/[\u0000-\u0020\u007f<>]+/g, '').slice(0, 320);

/** RFC 5322 date-time in UTC. */
export const rfc5322Date = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');

/** The line ending the message itself uses (its first line's), so prepended headers do not mix styles. */
export const lineEndingOf = (raw: Uint8Array): '\r\n' | '\n' => {
  const lf = raw.indexOf(0x0a);
  return lf > 0 && raw[lf - 1] === 0x0d ? '\r\n' : lf === -1 ? '\r\n' : '\n';
};

/**
 * Return-Path, Delivered-To and Received for one recipient (RFC 5321 4.4, RFC 9228), newest first as
 * trace headers go. Everything after them is the message exactly as received.
 */
export const buildTraceHeaders = (info: TraceInfo, eol: '\r\n' | '\n'): Buffer => {
  const from = clean(info.heloName) || 'unknown';
  const host = clean(info.clientHostname);
  const address = clean(info.remoteAddress);
  const detail = [host && host !== from && host !== `[${address}]` ? host : '', address ? `[${address}]` : '']
    .filter(Boolean)
    .join(' ');
  const lines = [
    `Return-Path: <${cleanAddress(info.sender)}>`,
    `Delivered-To: ${cleanAddress(info.recipient)}`,
    `Received: from ${from}${detail ? ` (${detail})` : ''}`,
    `\tby ${clean(info.hostname) || 'localhost'} (Eider) with ${info.transport} id ${clean(info.id, 64)}`,
    `\tfor <${cleanAddress(info.originalRecipient)}>; ${rfc5322Date(info.date)}`,
  ];
  return Buffer.from(lines.join(eol) + eol, 'utf8');
};
