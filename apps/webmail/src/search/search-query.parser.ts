// Turns the search box line (Gmail-style operators) into the variables of the GraphQL `search` query.

/** Variables of the GraphQL `search` query that a search box line maps to (see apps/api/schema.gql). */
export interface SearchCriteria {
  query?: string;
  from?: string;
  to?: string;
  subject?: string;
  hasAttachment?: boolean;
  unseen?: boolean;
  flagged?: boolean;
  /** ISO dates; `after:` is inclusive of that day, `before:` exclusive. */
  dateStart?: string;
  dateEnd?: string;
  /** The folder named by `in:` (a path such as "INBOX" or "Work/Reports", or a special use such as "sent"). */
  mailboxPath?: string;
  /** Set when `in:` named a special-use folder, so the caller can find it whatever its path is. */
  mailboxSpecialUse?: SpecialUse;
}

export type SpecialUse = '\\Sent' | '\\Drafts' | '\\Trash' | '\\Junk' | '\\Archive';

export interface ParsedSearch {
  criteria: SearchCriteria;
  /** Operators the parser did not understand, shown to the user rather than silently ignored. */
  problems: string[];
}

interface Token {
  operator?: string;
  value: string;
  /** The token as typed, for problem messages. */
  raw: string;
}

const SPECIAL_FOLDERS: Readonly<Record<string, SpecialUse>> = {
  sent: '\\Sent',
  drafts: '\\Drafts',
  trash: '\\Trash',
  junk: '\\Junk',
  spam: '\\Junk',
  archive: '\\Archive',
};

// Longer lines are cut: the API matches substrings, and nobody types a search this long on purpose.
const MAX_LINE = 1000;

const isSpace = (char: string): boolean => char === ' ' || char === '\t' || char === '\n' || char === '\r';

/** Reads `"…"` starting at `start` (a quote); an unterminated quote runs to the end of the line. */
const readQuoted = (line: string, start: number): { value: string; end: number } => {
  const close = line.indexOf('"', start + 1);
  const end = close === -1 ? line.length : close + 1;
  return { value: line.slice(start + 1, close === -1 ? line.length : close), end };
};

const readWord = (line: string, start: number): number => {
  let end = start;
  while (end < line.length && !isSpace(line.charAt(end))) end++;
  return end;
};

export const tokenizeSearchLine = (line: string): Token[] => {
  const tokens: Token[] = [];
  let at = 0;
  while (at < line.length) {
    if (isSpace(line.charAt(at))) {
      at++;
      continue;
    }
    if (line.charAt(at) === '"') {
      const { value, end } = readQuoted(line, at);
      tokens.push({ value, raw: line.slice(at, end) });
      at = end;
      continue;
    }
    const operator = /^([a-zA-Z]+):/.exec(line.slice(at, at + 20));
    // "http://…" and the like are text, not an operator.
    if (operator?.[1] && !line.startsWith('//', at + operator[0].length)) {
      const valueStart = at + operator[0].length;
      if (line.charAt(valueStart) === '"') {
        const { value, end } = readQuoted(line, valueStart);
        tokens.push({ operator: operator[1].toLowerCase(), value, raw: line.slice(at, end) });
        at = end;
      } else {
        const end = readWord(line, valueStart);
        tokens.push({
          operator: operator[1].toLowerCase(),
          value: line.slice(valueStart, end),
          raw: line.slice(at, end),
        });
        at = end;
      }
      continue;
    }
    const end = readWord(line, at);
    tokens.push({ value: line.slice(at, end), raw: line.slice(at, end) });
    at = end;
  }
  return tokens;
};

/** `YYYY-MM-DD` or `YYYY/MM/DD` as midnight UTC of that day, or undefined when it is no real date. */
export const parseSearchDate = (value: string): Date | undefined => {
  const match = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2024-02-30 over into March; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date;
};

const applyFolder = (criteria: SearchCriteria, value: string): void => {
  const lower = value.toLowerCase();
  if (lower === 'inbox') {
    criteria.mailboxPath = 'INBOX';
    delete criteria.mailboxSpecialUse;
    return;
  }
  const specialUse = SPECIAL_FOLDERS[lower];
  if (specialUse) {
    criteria.mailboxPath = lower;
    criteria.mailboxSpecialUse = specialUse;
    return;
  }
  criteria.mailboxPath = value.replace(/^\/+|\/+$/g, '');
  delete criteria.mailboxSpecialUse;
};

const applyOperator = (
  criteria: SearchCriteria,
  token: Token & { operator: string },
  problems: string[],
): void => {
  const { operator, value, raw } = token;
  if (!value.trim()) {
    problems.push(`"${operator}:" needs a value`);
    return;
  }
  switch (operator) {
    case 'from':
    case 'to':
    case 'subject':
      criteria[operator] = value;
      return;
    case 'has':
      if (value.toLowerCase() === 'attachment') criteria.hasAttachment = true;
      else problems.push(`Unknown "${raw}": try has:attachment`);
      return;
    case 'is':
      switch (value.toLowerCase()) {
        case 'unread':
          criteria.unseen = true;
          return;
        case 'read':
          criteria.unseen = false;
          return;
        case 'starred':
          criteria.flagged = true;
          return;
        default:
          problems.push(`Unknown "${raw}": try is:unread, is:read or is:starred`);
          return;
      }
    case 'before':
    case 'after': {
      const date = parseSearchDate(value);
      if (!date) {
        problems.push(`"${raw}" is not a date: use YYYY-MM-DD`);
        return;
      }
      if (operator === 'before') criteria.dateEnd = date.toISOString();
      else criteria.dateStart = date.toISOString();
      return;
    }
    case 'in':
      applyFolder(criteria, value);
      return;
    default:
      problems.push(`Unknown operator "${operator}:"`);
  }
};

/** Parses one search line; what it cannot use ends up in `problems`, never silently in the free text. */
export const parseSearchQuery = (line: string): ParsedSearch => {
  const criteria: SearchCriteria = {};
  const problems: string[] = [];
  const text: string[] = [];
  for (const token of tokenizeSearchLine(line.slice(0, MAX_LINE))) {
    if (token.operator === undefined) {
      if (token.value) text.push(token.value);
    } else {
      applyOperator(criteria, { ...token, operator: token.operator }, problems);
    }
  }
  if (criteria.dateStart && criteria.dateEnd && criteria.dateStart >= criteria.dateEnd) {
    problems.push('"after:" must be before "before:"');
  }
  const query = text.join(' ').trim();
  if (query) criteria.query = query;
  return { criteria, problems };
};
