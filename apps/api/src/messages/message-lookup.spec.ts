import { MAX_UID, parseUid } from './message-lookup';

describe('parseUid', () => {
  it('accepts positive 32-bit integers', () => {
    expect(parseUid('1')).toBe(1);
    expect(parseUid(String(MAX_UID))).toBe(MAX_UID);
  });

  it.each(['0', '-1', '01', '1.5', 'abc', '', ' 1', String(MAX_UID + 1), '1e3'])('refuses %j', (value) => {
    expect(() => parseUid(value)).toThrow(/positive integer/);
  });
});
