import { MAX_UID, messageRefsFromQuery, parseUid } from './message-lookup';

describe('parseUid', () => {
  it('accepts positive 32-bit integers', () => {
    expect(parseUid('1')).toBe(1);
    expect(parseUid(String(MAX_UID))).toBe(MAX_UID);
  });

  it.each(['0', '-1', '01', '1.5', 'abc', '', ' 1', String(MAX_UID + 1), '1e3'])('refuses %j', (value) => {
    expect(() => parseUid(value)).toThrow(/positive integer/);
  });
});

describe('messageRefsFromQuery', () => {
  it('reads single ids, lists and ranges, merged and sorted', () => {
    expect(messageRefsFromQuery('12')).toEqual([{ from: 12, to: 12 }]);
    expect(messageRefsFromQuery('5,1,2,3,9')).toEqual([
      { from: 1, to: 3 },
      { from: 5, to: 5 },
      { from: 9, to: 9 },
    ]);
    expect(messageRefsFromQuery('10:1,12')).toEqual([
      { from: 1, to: 10 },
      { from: 12, to: 12 },
    ]);
    expect(messageRefsFromQuery('4:*')).toEqual([{ from: 4, to: MAX_UID }]);
  });

  it.each(['', 'a', '1,,2', '1:', ':5', '0:3', '1;2', '*'])('refuses %j', (value) => {
    expect(() => messageRefsFromQuery(value)).toThrow();
  });

  it('refuses more references than one request may name', () => {
    const many = Array.from({ length: 1001 }, (_value, index) => index + 1).join(',');
    expect(() => messageRefsFromQuery(many)).toThrow(/too many/);
  });
});
