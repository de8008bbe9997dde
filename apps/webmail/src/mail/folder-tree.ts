import type { Folder } from './mail-types';

export interface FolderNode {
  folder: Folder;
  depth: number;
  hasChildren: boolean;
  /** The name shown: the last path level, with INBOX spelt the friendly way. */
  label: string;
}

const SPECIAL_ORDER = ['\\Drafts', '\\Sent', '\\Archive', '\\Junk', '\\Trash'];

const rank = (folder: Folder): number => {
  if (folder.path.toUpperCase() === 'INBOX') return 0;
  const index = folder.specialUse ? SPECIAL_ORDER.indexOf(folder.specialUse) : -1;
  return index >= 0 ? index + 1 : SPECIAL_ORDER.length + 1;
};

const compareFolders = (a: Folder, b: Folder): number =>
  rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

export const folderLabel = (folder: Folder): string =>
  folder.path.toUpperCase() === 'INBOX' ? 'Inbox' : folder.name;

const parentPath = (path: string): string | null => {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : null;
};

/**
 * The folders in display order, children under their parent (special folders first at the top level, then the
 * rest alphabetically), skipping the descendants of collapsed paths. A folder whose parent is missing sits at
 * the top level.
 */
export const buildFolderTree = (folders: readonly Folder[], collapsed: ReadonlySet<string>): FolderNode[] => {
  const byPath = new Map(folders.map((folder) => [folder.path, folder]));
  const children = new Map<string | null, Folder[]>();
  for (const folder of folders) {
    const parent = parentPath(folder.path);
    const key = parent !== null && byPath.has(parent) ? parent : null;
    const list = children.get(key) ?? [];
    list.push(folder);
    children.set(key, list);
  }
  const out: FolderNode[] = [];
  const visit = (parent: string | null, depth: number): void => {
    for (const folder of (children.get(parent) ?? []).sort(compareFolders)) {
      const hasChildren = children.has(folder.path);
      out.push({ folder, depth, hasChildren, label: folderLabel(folder) });
      if (hasChildren && !collapsed.has(folder.path)) visit(folder.path, depth + 1);
    }
  };
  visit(null, 0);
  return out;
};

export const findSpecial = (folders: readonly Folder[], specialUse: string): Folder | undefined =>
  folders.find((folder) => folder.specialUse === specialUse);

export const findInbox = (folders: readonly Folder[]): Folder | undefined =>
  folders.find((folder) => folder.path.toUpperCase() === 'INBOX');
