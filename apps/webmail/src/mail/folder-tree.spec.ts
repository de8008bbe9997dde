import { buildFolderTree } from './folder-tree';
import type { Folder } from './mail-types';

const folder = (path: string, specialUse: string | null = null): Folder => ({
  id: path,
  name: path.split('/').pop() ?? path,
  path,
  specialUse,
  subscribed: true,
  total: 0,
  unseen: 0,
});

describe('buildFolderTree', () => {
  const folders = [
    folder('Zeta'),
    folder('Trash', '\\Trash'),
    folder('Work/Reports'),
    folder('Sent Mail', '\\Sent'),
    folder('INBOX'),
    folder('Work'),
    folder('alpha'),
    folder('Junk', '\\Junk'),
    folder('Drafts', '\\Drafts'),
    folder('Archive', '\\Archive'),
  ];

  it('puts Inbox and the special folders first in the usual order, then the rest alphabetically', () => {
    expect(buildFolderTree(folders, new Set()).map((node) => node.folder.path)).toEqual([
      'INBOX',
      'Drafts',
      'Sent Mail',
      'Archive',
      'Junk',
      'Trash',
      'alpha',
      'Work',
      'Work/Reports',
      'Zeta',
    ]);
  });

  it('nests children with depth and hides them when the parent is collapsed', () => {
    const open = buildFolderTree(folders, new Set());
    expect(open.find((node) => node.folder.path === 'Work/Reports')?.depth).toBe(1);
    expect(open.find((node) => node.folder.path === 'Work')?.hasChildren).toBe(true);
    const closed = buildFolderTree(folders, new Set(['Work']));
    expect(closed.some((node) => node.folder.path === 'Work/Reports')).toBe(false);
  });

  it('labels INBOX as Inbox and keeps orphans at the top level', () => {
    const nodes = buildFolderTree([folder('INBOX'), folder('Lost/Child')], new Set());
    expect(nodes[0]?.label).toBe('Inbox');
    expect(nodes[1]).toMatchObject({ depth: 0, label: 'Child' });
  });
});
