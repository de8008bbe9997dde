import { ImapSyntaxError, type ImapToken } from '../protocol/command-tokens';

export const SYSTEM_FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'];
const SYSTEM_BY_LOWER = new Map(SYSTEM_FLAGS.map((f) => [f.toLowerCase(), f]));

/**
 * `(\Seen $Label)`. `\Recent` is never taken from stored flags: the session adds it when it
 * holds the message as recent.
 */
export function formatFlags(flags: readonly string[], recent = false): string {
  const stored = flags.filter((f) => f.toLowerCase() !== '\\recent');
  return `(${(recent ? ['\\Recent', ...stored] : stored).join(' ')})`;
}

/** Validates one flag: system flags get canonical case, keywords must be atoms. `\Recent` is refused. */
export function normalizeFlag(text: string): string {
  if (text.startsWith('\\')) {
    const system = SYSTEM_BY_LOWER.get(text.toLowerCase());
    if (!system) throw new ImapSyntaxError(`Invalid flag ${text.slice(0, 40)}`);
    return system;
  }
  if (!/^[!#$&'+,\-./0-9:;<=>?@A-Z^_`a-z|}~]+$/.test(text) || text.length > 100) {
    throw new ImapSyntaxError('Invalid keyword');
  }
  return text;
}

/** A flag list argument, `(\Seen foo)`, or a single flag atom. */
export function parseFlagList(token: ImapToken | undefined): string[] {
  if (token === undefined) throw new ImapSyntaxError('Missing flags');
  const items = token.type === 'list' ? token.items : [token];
  const out: string[] = [];
  for (const item of items) {
    if (item.type !== 'atom') throw new ImapSyntaxError('Invalid flag');
    const flag = normalizeFlag(item.value);
    if (!out.some((f) => f.toLowerCase() === flag.toLowerCase())) out.push(flag);
  }
  return out;
}
