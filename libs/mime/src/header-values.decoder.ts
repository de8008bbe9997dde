import { decodeEncodedWords } from './encoded-words.decoder';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 5322 section 4.3 obsolete zones; unknown and military zones count as +0000.
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const RFC5322_DATE =
  /^\s*(?:[a-z]+\s*,?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*([+-]\d{1,2}:?\d{2}|[a-z]{1,5})?/i;

function zoneOffset(zone: string | undefined): number {
  if (!zone) return 0;
  const m = /^([+-])(\d{1,2}):?(\d{2})$/.exec(zone);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return m[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

/** Parses a Date header (RFC 5322 including obsolete forms); null when it is not a usable date. */
export function parseDateHeader(value: string | null): Date | null {
  if (value === null) return null;
  const cleaned = value
    .slice(0, 300)
    .replace(/\([^)]*\)/g, ' ')
    .trim();
  const m = RFC5322_DATE.exec(cleaned);
  let time = Number.NaN;
  if (m) {
    const day = Number(m[1]);
    const month = MONTHS.indexOf((m[2] ?? '').toLowerCase());
    let year = Number(m[3]);
    // RFC 5322 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx; three digits add 1900.
    if ((m[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
    else if ((m[3] ?? '').length === 3) year += 1900;
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = Math.floor(Number(m[6] ?? 0));
    if (month >= 0 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60) {
      time = Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - zoneOffset(m[7]) * 60_000;
    }
  } else if (/^\d{4}-\d{2}-\d{2}/.test(cleaned)) {
    time = Date.parse(cleaned);
  }
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? date : null;
}

/** All `<id>` tokens of a Message-ID / In-Reply-To / References value, brackets kept, duplicates dropped. */
export function extractMessageIds(value: string | null): string[] {
  if (value === null) return [];
  const ids = [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
  if (ids.length === 0) {
    // Some agents omit the brackets; accept a single bare token that looks like an id.
    const bare = value.trim();
    if (/^[^\s<>]+@[^\s<>]+$/.test(bare)) ids.push(`<${bare}>`);
  }
  return [...new Set(ids)];
}

export function firstMessageId(value: string | null): string | null {
  return extractMessageIds(value)[0] ?? null;
}

/** Decoded Subject with folding whitespace collapsed; unknown charsets never throw. */
export function decodeSubject(value: string | null): string {
  if (value === null) return '';
  return decodeEncodedWords(value)
    .replace(/[\r\n]+/g, '')
    .trim();
}

/** The list identifier inside the angle brackets of List-Id, or the bare value. */
export function parseListId(value: string | null): string | null {
  if (value === null) return null;
  const m = /<([^<>]+)>/.exec(value);
  const id = (m ? (m[1] ?? '') : value).trim();
  return id === '' ? null : id;
}
