/** An inclusive UID range; `to` is Number.MAX_SAFE_INTEGER for an open end (`5:*`). */
export interface UidRange {
  from: number;
  to: number;
}

const ITEM = /^(\d{1,10})(?::(\d{1,10}|\*))?$/;
export const MAX_RANGE_ITEMS = 100;
export const UID_SET_PATTERN = /^\d{1,10}(?::(?:\d{1,10}|\*))?(?:,\d{1,10}(?::(?:\d{1,10}|\*))?)*$/;

/**
 * Parses a WildDuck message selector: one UID (`15`), a list (`1,2,3`), a range (`3:15`), a range to
 * the end (`3:*`), or a comma list mixing them (`1:10,15`). Returns sorted, merged ranges, so a UID
 * listed twice is touched once; null when the selector is malformed or names no valid UID.
 */
export const parseUidSet = (selector: string): UidRange[] | null => {
  const items = selector.split(',');
  if (items.length === 0 || items.length > MAX_RANGE_ITEMS) return null;
  const ranges: UidRange[] = [];
  for (const item of items) {
    const match = ITEM.exec(item);
    if (!match?.[1]) return null;
    const first = Number(match[1]);
    const second =
      match[2] === undefined ? first : match[2] === '*' ? Number.MAX_SAFE_INTEGER : Number(match[2]);
    const from = Math.min(first, second);
    const to = Math.max(first, second);
    if (from < 1 || from > 0xffffffff) return null;
    ranges.push({ from, to });
  }
  ranges.sort((a, b) => a.from - b.from);
  const merged: UidRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
};
