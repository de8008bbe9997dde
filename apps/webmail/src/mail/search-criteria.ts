import type { MailSearchQueryVariables } from '../graphql/generated';
import type { SearchCriteria } from '../search/search-query.parser';
import type { Folder } from './mail-types';

const SPECIAL_NAMES: Record<string, string> = {
  drafts: '\\Drafts',
  sent: '\\Sent',
  archive: '\\Archive',
  junk: '\\Junk',
  spam: '\\Junk',
  trash: '\\Trash',
};

/** The folder an `in:` names: a path (any case), INBOX, or a special use by its usual name. */
export const resolveMailboxPath = (folders: readonly Folder[], path: string): Folder | undefined => {
  const wanted = path.toLowerCase();
  const byPath = folders.find((folder) => folder.path.toLowerCase() === wanted);
  if (byPath) return byPath;
  const special = SPECIAL_NAMES[wanted];
  return special ? folders.find((folder) => folder.specialUse === special) : undefined;
};

export interface ResolvedSearch {
  variables: MailSearchQueryVariables;
  problems: string[];
}

export const searchVariables = (criteria: SearchCriteria, folders: readonly Folder[]): ResolvedSearch => {
  const { mailboxPath, ...rest } = criteria;
  const problems: string[] = [];
  let mailboxId: string | undefined;
  if (mailboxPath !== undefined) {
    const folder = resolveMailboxPath(folders, mailboxPath);
    if (folder) mailboxId = folder.id;
    else problems.push(`There is no folder "${mailboxPath}"; searching every folder`);
  }
  return { variables: { ...rest, ...(mailboxId ? { mailboxId } : {}) }, problems };
};
