import { ObjectId } from 'mongodb';
import {
  decodeIdCursor,
  decodeUidCursor,
  encodeIdCursor,
  encodeUidCursor,
  pageRequest,
} from './paging-cursor';

describe('paging cursors', () => {
  it('round-trip UIDs and ids', () => {
    expect(decodeUidCursor(encodeUidCursor(42), 'next')).toBe(42);
    const id = new ObjectId();
    expect(decodeIdCursor(encodeIdCursor(id), 'next').equals(id)).toBe(true);
  });

  it('refuse a cursor of the other kind, garbage and oversized input', () => {
    expect(() => decodeUidCursor(encodeIdCursor(new ObjectId()), 'next')).toThrow(/next/);
    expect(() => decodeIdCursor(encodeUidCursor(3), 'previous')).toThrow(/previous/);
    expect(() => decodeUidCursor('!!!', 'next')).toThrow();
    expect(() => decodeUidCursor(Buffer.from('uid:0').toString('base64url'), 'next')).toThrow();
    expect(() => decodeUidCursor('A'.repeat(100), 'next')).toThrow();
  });

  it('prefers next over previous', () => {
    const request = pageRequest(
      { limit: 5, order: 'desc', next: encodeUidCursor(9), previous: encodeUidCursor(2) },
      decodeUidCursor,
    );
    expect(request).toEqual({ limit: 5, order: 'desc', after: 9 });
  });
});
