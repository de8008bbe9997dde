/** IMAP system flags, case-insensitive on input and stored in their canonical spelling. */
const SYSTEM_FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'] as const;
const SYSTEM_BY_LOWER = new Map(SYSTEM_FLAGS.map((flag) => [flag.toLowerCase(), flag]));
/** RFC 3501 atom-specials minus the backslash that starts system flags. */
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const KEYWORD_PATTERN = /^[^\s(){%*"\\\]\u0000-\u001f\u007f]{1,128}$/u;
export const MAX_FLAGS_PER_MESSAGE = 128;

export type FlagOperation = 'add' | 'remove' | 'replace';

/** Canonical flag spelling; null for something that is neither a system flag nor a valid keyword. */
export const canonicalFlag = (flag: string): string | null => {
  const system = SYSTEM_BY_LOWER.get(flag.toLowerCase());
  if (system) return system;
  if (flag.startsWith('\\')) return null;
  return KEYWORD_PATTERN.test(flag) ? flag : null;
};

/** Deduplicated canonical flags; keywords compare case-insensitively as IMAP clients expect. */
export const normaliseFlags = (flags: readonly string[]): string[] => {
  const seen = new Map<string, string>();
  for (const flag of flags) {
    const canonical = canonicalFlag(flag);
    if (canonical && !seen.has(canonical.toLowerCase())) seen.set(canonical.toLowerCase(), canonical);
  }
  return [...seen.values()].slice(0, MAX_FLAGS_PER_MESSAGE);
};

export const applyFlagOperation = (
  current: readonly string[],
  operation: FlagOperation,
  flags: readonly string[],
): string[] => {
  const change = normaliseFlags(flags);
  switch (operation) {
    case 'replace':
      return change;
    case 'add':
      return normaliseFlags([...current, ...change]);
    case 'remove': {
      const removed = new Set(change.map((flag) => flag.toLowerCase()));
      return current.filter((flag) => !removed.has(flag.toLowerCase()));
    }
  }
};

export const sameFlags = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false;
  const lower = new Set(a.map((flag) => flag.toLowerCase()));
  return b.every((flag) => lower.has(flag.toLowerCase()));
};

/** The boolean fields derived from flags, which indexes and counters use. */
export const flagFields = (flags: readonly string[]) => ({
  flags: [...flags],
  unseen: !flags.includes('\\Seen'),
  flagged: flags.includes('\\Flagged'),
  deleted: flags.includes('\\Deleted'),
  draft: flags.includes('\\Draft'),
});
