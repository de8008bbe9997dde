/**
 * RFC 5256 section 2.1: the base subject SORT (SUBJECT) and THREAD compare, and whether the
 * extraction removed a reply/forward marker (THREAD=REFERENCES step 5 prefers originals).
 */
export interface BaseSubject {
  subject: string;
  replyOrForward: boolean;
}

// Real subjects are short; the cap bounds the repeated stripping on hostile input.
const MAX_SUBJECT = 4096;

const isWsp = (c: string | undefined): boolean => c === ' ';

/** Length of a subj-blob (`[` *BLOBCHAR `]` *WSP) at `at`, or 0. */
function blobLength(s: string, at: number): number {
  if (s[at] !== '[') return 0;
  let i = at + 1;
  while (i < s.length && s[i] !== '[' && s[i] !== ']') i++;
  if (s[i] !== ']') return 0;
  i++;
  while (isWsp(s[i])) i++;
  return i - at;
}

/** Length of a subj-refwd (`re`/`fw`/`fwd` *WSP [subj-blob] `:`) at `at`, or 0. */
function refwdLength(s: string, lower: string, at: number): number {
  let i: number;
  if (lower.startsWith('re', at)) i = at + 2;
  else if (lower.startsWith('fwd', at)) i = at + 3;
  else if (lower.startsWith('fw', at)) i = at + 2;
  else return 0;
  while (isWsp(s[i])) i++;
  i += blobLength(s, i);
  return s[i] === ':' ? i + 1 - at : 0;
}

/** Length of one subj-leader (`*subj-blob subj-refwd` or a WSP) at the start, and whether it was a refwd. */
function leaderLength(s: string, lower: string): [number, boolean] {
  if (isWsp(s[0])) return [1, false];
  let i = 0;
  for (let blob = blobLength(s, i); blob > 0; blob = blobLength(s, i)) i += blob;
  const refwd = refwdLength(s, lower, i);
  return refwd > 0 ? [i + refwd, true] : [0, false];
}

/** Step 2: trailing `(fwd)` and whitespace, repeatedly. */
function stripTrailers(s: string, found: { marker: boolean }): string {
  for (;;) {
    if (isWsp(s[s.length - 1])) s = s.slice(0, -1);
    else if (s.slice(-5).toLowerCase() === '(fwd)') {
      s = s.slice(0, -5);
      found.marker = true;
    } else return s;
  }
}

/** Steps 3 to 5: leaders, and a leading blob when something is left after it. */
function stripLeaders(s: string, found: { marker: boolean }): string {
  for (;;) {
    const lower = s.toLowerCase();
    const [leader, refwd] = leaderLength(s, lower);
    if (leader > 0) {
      s = s.slice(leader);
      if (refwd) found.marker = true;
      continue;
    }
    const blob = blobLength(s, 0);
    if (blob > 0 && s.slice(blob).trim() !== '') {
      s = s.slice(blob);
      continue;
    }
    return s;
  }
}

/** The base subject of a subject already decoded from RFC 2047 to UTF-8. */
export function extractBaseSubject(decoded: string): BaseSubject {
  // Step 1: tabs and line breaks become spaces, runs of spaces one space.
  let s = decoded.slice(0, MAX_SUBJECT).replace(/[ \t\r\n]+/g, ' ');
  const found = { marker: false };
  for (;;) {
    s = stripLeaders(stripTrailers(s, found), found);
    // Step 6: a `[fwd: ...]` wrapper; what it wraps goes through the steps again.
    if (s.length >= 6 && s.slice(0, 5).toLowerCase() === '[fwd:' && s.endsWith(']')) {
      s = s.slice(5, -1);
      found.marker = true;
      continue;
    }
    return { subject: s, replyOrForward: found.marker };
  }
}
