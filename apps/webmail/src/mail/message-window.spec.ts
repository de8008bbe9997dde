import {
  appendPage,
  emptyWindow,
  indexOfMessage,
  mergeHead,
  patchMessages,
  removeMessages,
} from './message-window';
import type { MessageItem } from './mail-types';

const item = (id: string): MessageItem => ({
  id,
  uid: 1,
  thread: 't',
  subject: id,
  from: null,
  to: [],
  date: '2024-01-01T00:00:00Z',
  size: 1,
  preview: '',
  seen: false,
  flagged: false,
  answered: false,
  draft: false,
  hasAttachments: false,
});

const twoPages = () => {
  const first = appendPage(emptyWindow, [item('a'), item('b')], { hasNextPage: true, endCursor: 'c1' }, 5);
  return appendPage(first, [item('c'), item('d')], { hasNextPage: true, endCursor: 'c2' }, 5);
};

describe('message window', () => {
  it('appends pages by index and keeps the cursor and total', () => {
    const window = twoPages();
    expect(window.loaded).toBe(4);
    expect(window.rows.get(2)?.id).toBe('c');
    expect(window).toMatchObject({ total: 5, endCursor: 'c2', hasNext: true });
  });

  it('ends the list at what is loaded on the last page', () => {
    const window = appendPage(emptyWindow, [item('a')], { hasNextPage: false, endCursor: null }, 9);
    expect(window.total).toBe(1);
  });

  it('removes messages, reindexing the rest and lowering the total', () => {
    const window = removeMessages(twoPages(), new Set(['b']));
    expect(window.loaded).toBe(3);
    expect(window.total).toBe(4);
    expect(indexOfMessage(window, 'c')).toBe(1);
  });

  it('patches flags without touching the original window', () => {
    const before = twoPages();
    const after = patchMessages(before, new Set(['a']), { seen: true });
    expect(after.rows.get(0)?.seen).toBe(true);
    expect(before.rows.get(0)?.seen).toBe(false);
  });

  it('puts arrivals on top when the fresh first page reaches the old first row', () => {
    const merged = mergeHead(twoPages(), [item('new'), item('a'), item('b')]);
    expect(merged?.rows.get(0)?.id).toBe('new');
    expect(merged?.total).toBe(6);
    expect(mergeHead(twoPages(), [item('x'), item('y')])).toBeNull();
  });
});
