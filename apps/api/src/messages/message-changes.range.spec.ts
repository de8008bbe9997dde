import { parseUidSet } from './message-changes.range';

describe('parseUidSet', () => {
  it('reads single UIDs, lists, ranges and open ranges', () => {
    expect(parseUidSet('15')).toEqual([{ from: 15, to: 15 }]);
    expect(parseUidSet('3:15')).toEqual([{ from: 3, to: 15 }]);
    expect(parseUidSet('3:*')).toEqual([{ from: 3, to: Number.MAX_SAFE_INTEGER }]);
    expect(parseUidSet('1,2,3')).toEqual([{ from: 1, to: 3 }]);
    expect(parseUidSet('1:10,15')).toEqual([
      { from: 1, to: 10 },
      { from: 15, to: 15 },
    ]);
  });

  it('normalises reversed ranges and merges overlaps', () => {
    expect(parseUidSet('15:3')).toEqual([{ from: 3, to: 15 }]);
    expect(parseUidSet('20,5:10,8:12,1')).toEqual([
      { from: 1, to: 1 },
      { from: 5, to: 12 },
      { from: 20, to: 20 },
    ]);
  });

  it('rejects malformed selectors and UID 0', () => {
    for (const bad of [
      '',
      'abc',
      '1:',
      ':5',
      '1,,2',
      '*',
      '*:5',
      '0',
      '0:3',
      '1 2',
      '-1',
      '1.5',
      '99999999999',
    ]) {
      expect(parseUidSet(bad)).toBeNull();
    }
  });

  it('caps the number of items', () => {
    expect(
      parseUidSet(Array.from({ length: 101 }, (_, index) => String(index * 2 + 1)).join(',')),
    ).toBeNull();
    expect(
      parseUidSet(Array.from({ length: 100 }, (_, index) => String(index * 2 + 1)).join(',')),
    ).toHaveLength(100);
  });
});
