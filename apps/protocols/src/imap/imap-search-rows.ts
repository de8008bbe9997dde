import { matchesSearch, type SearchCandidate, type SearchKey } from '@eider/imap-core';
import type { SnapshotRow } from '@eider/mailstore';

/** Whether every condition of `key` is about what a mailbox row holds: UID, flags, size, modseq, dates. */
export const answerableFromRows = (key: SearchKey): boolean => {
  switch (key.type) {
    case 'all':
    case 'uid':
    case 'flag':
    case 'size':
    case 'modseq':
      return true;
    case 'date':
      return key.field !== 'sent';
    case 'and':
      return key.keys.every(answerableFromRows);
    case 'or':
      return answerableFromRows(key.left) && answerableFromRows(key.right);
    case 'not':
      return answerableFromRows(key.key);
    default:
      return false;
  }
};

const NO_TEXT: readonly string[] = [];

/** The UIDs among `scope` whose rows match `key`, ascending; `key` must be `answerableFromRows`. */
export const searchRows = (
  rows: readonly SnapshotRow[],
  key: SearchKey,
  scope: ReadonlySet<number>,
): number[] => {
  const matches: number[] = [];
  for (const row of rows) {
    if (!scope.has(row.uid)) continue;
    const candidate: SearchCandidate = {
      uid: row.uid,
      modseq: row.modseq,
      flags: row.flags,
      internalDate: row.idate,
      size: row.sizeCrlf,
      sentDate: null,
      saveDate: row.created ?? null,
      headerValues: () => NO_TEXT,
      headerText: () => '',
      bodyText: () => '',
    };
    if (matchesSearch(key, candidate)) matches.push(row.uid);
  }
  return matches.sort((a, b) => a - b);
};
