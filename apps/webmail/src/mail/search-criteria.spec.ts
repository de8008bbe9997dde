import { searchVariables } from './search-criteria';
import type { Folder } from './mail-types';

const folder = (id: string, path: string, specialUse: string | null = null): Folder => ({
  id,
  path,
  name: path,
  specialUse,
  subscribed: true,
  total: 0,
  unseen: 0,
});
const folders = [folder('i', 'INBOX'), folder('s', 'Sent Messages', '\\Sent'), folder('w', 'Work/Reports')];

describe('searchVariables', () => {
  it('resolves in: by path in any case and by special-use name', () => {
    expect(searchVariables({ query: 'x', mailboxPath: 'inbox' }, folders).variables).toEqual({
      query: 'x',
      mailboxId: 'i',
    });
    expect(searchVariables({ mailboxPath: 'sent' }, folders).variables).toEqual({ mailboxId: 's' });
    expect(searchVariables({ mailboxPath: 'work/reports' }, folders).variables).toEqual({ mailboxId: 'w' });
  });

  it('reports an unknown folder and searches everywhere', () => {
    const resolved = searchVariables({ from: 'bob', mailboxPath: 'Nowhere' }, folders);
    expect(resolved.variables).toEqual({ from: 'bob' });
    expect(resolved.problems).toHaveLength(1);
  });
});
