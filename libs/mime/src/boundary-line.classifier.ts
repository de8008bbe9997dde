/** A multipart boundary that is currently being looked for, as the bytes `--boundary`. */
export interface ActiveBoundary {
  /** Index of the owning frame in the parser's frame stack. */
  level: number;
  dashBoundary: Buffer;
}

export type LineVerdict =
  | { kind: 'undecided' }
  | { kind: 'not' }
  | { kind: 'delimiter'; level: number }
  | { kind: 'close'; level: number; length: number };

const DASH = 0x2d;
const LF = 0x0a;
const CR = 0x0d;

/** Transport padding longer than this is not believed to be padding. */
export const MAX_BOUNDARY_PADDING = 256;

function isPrefix(line: Buffer, of: Buffer): boolean {
  return line.length <= of.length && of.compare(line, 0, line.length, 0, line.length) === 0;
}

type Match = 'undecided' | 'not' | 'delimiter' | 'close';

/*
 * RFC 2046: a delimiter line is `--boundary` followed only by optional whitespace; a close
 * delimiter is `--boundary--` and whatever follows it on that line is epilogue. Anything
 * else, including a longer boundary that merely shares the prefix, is content.
 */
function matchOne(line: Buffer, complete: boolean, dashBoundary: Buffer): Match {
  if (line.length < dashBoundary.length) {
    return !complete && isPrefix(line, dashBoundary) ? 'undecided' : 'not';
  }
  if (dashBoundary.compare(line, 0, dashBoundary.length) !== 0) return 'not';
  let j = dashBoundary.length;
  if (line[j] === DASH) {
    if (j + 1 < line.length) return line[j + 1] === DASH ? 'close' : 'not';
    return complete ? 'not' : 'undecided';
  }
  while (j < line.length && (line[j] === 0x20 || line[j] === 0x09)) j++;
  if (j - dashBoundary.length > MAX_BOUNDARY_PADDING) return 'not';
  if (j === line.length) return complete ? 'delimiter' : 'undecided';
  if (line[j] === CR) {
    if (j + 1 === line.length) return complete ? 'delimiter' : 'undecided';
    return line[j + 1] === LF && j + 2 === line.length ? 'delimiter' : 'not';
  }
  return line[j] === LF && j + 1 === line.length ? 'delimiter' : 'not';
}

/**
 * Classifies the start of a line against the active boundaries, innermost first. An
 * undecided inner boundary blocks the verdict so that an outer boundary that happens to
 * be a prefix of the inner one never wins by being shorter.
 */
export function classifyLine(
  line: Buffer,
  complete: boolean,
  active: readonly ActiveBoundary[],
): LineVerdict {
  for (const boundary of active) {
    const m = matchOne(line, complete, boundary.dashBoundary);
    if (m === 'undecided') return { kind: 'undecided' };
    if (m === 'delimiter') return { kind: 'delimiter', level: boundary.level };
    if (m === 'close')
      return { kind: 'close', level: boundary.level, length: boundary.dashBoundary.length + 2 };
  }
  return { kind: 'not' };
}
