import { ImapHookError } from '../imap-backend';
import { ImapSyntaxError, type ImapToken, bytesToText } from '../protocol/command-tokens';
import { decodeMutf7, encodeMutf7 } from '../protocol/mutf7.codec';
import { imapAString } from '../protocol/response-encoding';

export const DELIMITER = '/';

/** `INBOX` in any case (alone or as the first level) is spelled `INBOX`. */
export function normalizeInbox(path: string): string {
  if (/^inbox$/i.test(path)) return 'INBOX';
  if (/^inbox\//i.test(path)) return `INBOX${path.slice(5)}`;
  return path;
}

/** Wire form of a mailbox name: mUTF-7 unless UTF8=ACCEPT is enabled. */
export function encodeMailboxName(path: string, utf8: boolean): string {
  return imapAString(utf8 ? path : encodeMutf7(path), { utf8 });
}

/**
 * Mailbox argument to UTF-8 path. Without UTF8=ACCEPT the name is mUTF-7 (7-bit only);
 * with it, UTF-8 is taken as is (RFC 6855 says mUTF-7 is then not decoded).
 * Invalid mUTF-7 is a well-formed astring naming no possible mailbox: `NO [CANNOT]`, or for
 * a LIST pattern (`pattern: true`) the text is matched as it is (and so matches nothing).
 */
export function decodeMailboxName(token: ImapToken | undefined, utf8: boolean, pattern = false): string {
  if (token === undefined) throw new ImapSyntaxError('Missing mailbox name');
  let text: string;
  if (token.type === 'atom') text = token.value;
  else if (token.type === 'string') text = bytesToText(token.value);
  else throw new ImapSyntaxError('Invalid mailbox name');
  if (!utf8) {
    // Some clients send raw UTF-8 anyway; accept it when it is valid, as long as it has no `&` escapes.
    if (/[\u0080-\uffff]/.test(text)) {
      if (text.includes('&')) throw new ImapSyntaxError('Invalid mailbox name');
    } else {
      const decoded = decodeMutf7(text);
      if (decoded === null && !pattern)
        throw new ImapHookError('CANNOT', 'Invalid modified UTF-7 in mailbox name');
      text = decoded ?? text;
    }
  }
  if (hasControl(text)) throw new ImapSyntaxError('Invalid character in mailbox name');
  return normalizeInbox(text);
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
