/** Serialisation of IMAP strings for responses. */

export interface StringEncodingOptions {
  /** UTF8=ACCEPT enabled: UTF-8 may go in quoted strings. */
  utf8: boolean;
}

const ATOM_RE = /^[!#$&'+,\-./0-9:;<=>?@A-Z^_`a-z|}~]+$/;
const MAX_QUOTED = 1024;

/** A quoted string or, when that is not allowed, a literal. */
export function imapQuoted(value: string, options: StringEncodingOptions): string {
  const eightBit = /[\u0080-\uffff]/.test(value);
  if (
    value.includes('\r') ||
    value.includes('\n') ||
    value.includes('\u0000') ||
    (eightBit && !options.utf8) ||
    value.length > MAX_QUOTED
  ) {
    return `{${Buffer.byteLength(value, 'utf8')}}\r\n${value}`;
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** astring: a bare atom when safe, otherwise quoted/literal. */
export function imapAString(value: string, options: StringEncodingOptions): string {
  if (ATOM_RE.test(value) && value.toUpperCase() !== 'NIL') return value;
  return imapQuoted(value, options);
}

export function imapNStringOf(value: string | null, options: StringEncodingOptions): string {
  return value === null ? 'NIL' : imapQuoted(value, options);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** INTERNALDATE form `"17-Jul-1996 02:44:25 +0000"` (always reported in UTC). */
export function formatInternalDate(date: Date): string {
  const d = String(date.getUTCDate()).padStart(2, ' ');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `"${d}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000"`;
}

/** Parses an APPEND date-time `dd-Mon-yyyy hh:mm:ss +zzzz`; null when malformed. */
export function parseDateTime(text: string): Date | null {
  const m = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const month = MONTHS.findIndex((x) => x.toLowerCase() === (m[2] as string).toLowerCase());
  if (month < 0) return null;
  const n = (i: number): number => Number(m[i]);
  const [day, year, hh, mm, ss] = [n(1), n(3), n(4), n(5), n(6)];
  if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return null;
  const offset = (n(8) * 60 + n(9)) * (m[7] === '-' ? -1 : 1);
  const ms = Date.UTC(year, month, day, hh, mm, ss) - offset * 60000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Parses a SEARCH date `d-Mon-yyyy`; null when malformed. */
export function parseSearchDate(text: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!m) return null;
  const month = MONTHS.findIndex((x) => x.toLowerCase() === (m[2] as string).toLowerCase());
  const day = Number(m[1]);
  if (month < 0 || day < 1 || day > 31) return null;
  return { year: Number(m[3]), month: month + 1, day };
}
