import {
  decodeAddresses,
  decodeEncodedWords,
  getHeaderValue,
  getHeaderValues,
  parseAddressList,
  type ParsedMessage,
} from '@eider/mime';

import type { SearchCandidate } from '../search/search-evaluator';

/** The stored fields of an in-memory message that SEARCH looks at. */
export interface CandidateSource {
  uid: number;
  modseq: number;
  flags: readonly string[];
  internalDate: Date;
  size: number;
  emailId?: string;
  saveDate?: Date;
}

const ADDRESS_HEADERS = new Set(['from', 'to', 'cc', 'bcc']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * SENTBEFORE/SENTON/SENTSINCE compare the Date header's calendar day as written, whatever
 * its zone (RFC 3501), so the candidate carries that day at midnight UTC.
 */
function writtenDay(value: string | null): Date | null {
  const m = /(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\b/i.exec((value ?? '').replace(/\([^)]*\)/g, ' '));
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] as string).toLowerCase());
  let year = Number(m[3]);
  if ((m[3] as string).length === 2) year += year < 50 ? 2000 : 1900;
  else if ((m[3] as string).length === 3) year += 1900;
  return month < 0 ? null : new Date(Date.UTC(year, month, Number(m[1])));
}

/** Adapts an in-memory message to the search evaluator; the MIME parse happens only when a key needs it. */
export function searchCandidate<M extends CandidateSource>(
  m: M,
  parsed: (m: M) => ParsedMessage,
): SearchCandidate {
  return {
    uid: m.uid,
    modseq: m.modseq,
    flags: m.flags,
    internalDate: m.internalDate,
    size: m.size,
    ...(m.emailId === undefined ? {} : { emailId: m.emailId }),
    threadId: null,
    saveDate: m.saveDate ?? null,
    get sentDate() {
      return writtenDay(getHeaderValue(parsed(m).tree, 'date'));
    },
    headerValues: (name) => {
      const raw = getHeaderValues(parsed(m).tree, name);
      const values = raw.map((v) => decodeEncodedWords(v));
      if (!ADDRESS_HEADERS.has(name)) return values;
      // Also the parsed addresses, so comments and quoting inside an address do not hide it.
      for (const a of raw.flatMap((v) => decodeAddresses(parseAddressList(v))))
        values.push(a.address, a.name);
      return values;
    },
    headerText: () =>
      parsed(m)
        .tree.headers.map((h) => `${h.key}: ${decodeEncodedWords(h.value)}`)
        .join('\n'),
    bodyText: () => `${parsed(m).summary.text?.content ?? ''}\n${parsed(m).summary.html?.content ?? ''}`,
  };
}
