import { ObjectId } from 'mongodb';
import { stripNuls } from './message-document.builder';

describe('stripNuls', () => {
  it('removes NUL from decoded strings at any depth and leaves raw bytes, ids and dates alone', () => {
    const raw = Buffer.from('a\u0000b');
    const id = new ObjectId();
    const date = new Date(0);
    const cleaned = stripNuls({
      subject: 'a\u0000b',
      nested: [{ value: '\u0000x' }],
      raw,
      id,
      date,
      count: 3,
    });
    expect(cleaned).toEqual({ subject: 'ab', nested: [{ value: 'x' }], raw, id, date, count: 3 });
    expect(cleaned.raw).toBe(raw);
    expect(cleaned.raw.includes(0)).toBe(true);
  });
});
