import type { MessageItem, PageInfo } from './mail-types';

/**
 * The loaded part of a message list: rows by index (pages arrive in order, so indexes 0..loaded-1 are filled),
 * the list's total, and the cursor for the next page. Updates return a new window so a failed optimistic
 * change can roll back by keeping the old one.
 */
export interface MessageWindow {
  rows: ReadonlyMap<number, MessageItem>;
  loaded: number;
  total: number;
  endCursor: string | null;
  hasNext: boolean;
}

export const emptyWindow: MessageWindow = {
  rows: new Map(),
  loaded: 0,
  total: 0,
  endCursor: null,
  hasNext: true,
};

export const appendPage = (
  window: MessageWindow,
  nodes: readonly MessageItem[],
  pageInfo: PageInfo,
  total: number,
): MessageWindow => {
  const rows = new Map(window.rows);
  nodes.forEach((node, offset) => rows.set(window.loaded + offset, node));
  const loaded = window.loaded + nodes.length;
  return {
    rows,
    loaded,
    total: pageInfo.hasNextPage ? Math.max(total, loaded + 1) : loaded,
    endCursor: pageInfo.endCursor ?? null,
    hasNext: pageInfo.hasNextPage,
  };
};

const fromList = (list: readonly MessageItem[], base: MessageWindow, totalDelta: number): MessageWindow => ({
  ...base,
  rows: new Map(list.map((item, index) => [index, item])),
  loaded: list.length,
  total: Math.max(list.length, base.total + totalDelta),
});

export const windowItems = (window: MessageWindow): MessageItem[] => {
  const items: MessageItem[] = [];
  for (let index = 0; index < window.loaded; index += 1) {
    const item = window.rows.get(index);
    if (item) items.push(item);
  }
  return items;
};

export const removeMessages = (window: MessageWindow, ids: ReadonlySet<string>): MessageWindow => {
  const kept = windowItems(window).filter((item) => !ids.has(item.id));
  return fromList(kept, window, kept.length - window.loaded);
};

export const patchMessages = (
  window: MessageWindow,
  ids: ReadonlySet<string>,
  patch: Partial<Pick<MessageItem, 'seen' | 'flagged'>>,
): MessageWindow => {
  const rows = new Map(window.rows);
  for (const [index, item] of rows) if (ids.has(item.id)) rows.set(index, { ...item, ...patch });
  return { ...window, rows };
};

/**
 * Puts newly arrived messages from a fresh first page at the top. Null when the fresh page does not reach the
 * current first row (too many arrivals): the caller reloads instead.
 */
export const mergeHead = (window: MessageWindow, firstPage: readonly MessageItem[]): MessageWindow | null => {
  const current = windowItems(window);
  const firstId = current[0]?.id;
  if (firstId === undefined) return null;
  const at = firstPage.findIndex((item) => item.id === firstId);
  if (at < 0) return null;
  const known = new Set(current.map((item) => item.id));
  const arrivals = firstPage.slice(0, at).filter((item) => !known.has(item.id));
  if (!arrivals.length) return window;
  return fromList([...arrivals, ...current], window, arrivals.length);
};

export const indexOfMessage = (window: MessageWindow, id: string): number => {
  for (const [index, item] of window.rows) if (item.id === id) return index;
  return -1;
};
