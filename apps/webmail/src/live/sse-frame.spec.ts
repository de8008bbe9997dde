import { resumeCursor, sseComment, sseEvent, sseRetry } from './sse-frame';

describe('sseEvent', () => {
  it('writes id and data fields ending in a blank line', () => {
    expect(sseEvent('{"type":"MESSAGES_ADDED"}', 'abc123')).toBe(
      'id: abc123\ndata: {"type":"MESSAGES_ADDED"}\n\n',
    );
  });

  it('splits data on every kind of line break so it cannot end the event or add fields', () => {
    expect(sseEvent('one\ntwo\r\nthree\rid: evil')).toBe(
      'data: one\ndata: two\ndata: three\ndata: id: evil\n\n',
    );
  });

  it('drops an id that holds a line break or NUL, and writes an empty id as a bare field that clears it', () => {
    expect(sseEvent('x', 'a\nretry: 1')).toBe('data: x\n\n');
    expect(sseEvent('x', 'a\0b')).toBe('data: x\n\n');
    expect(sseEvent('x', '')).toBe('id\ndata: x\n\n');
  });

  it('names the event when asked', () => {
    expect(sseEvent('{}', undefined, 'reset')).toBe('event: reset\ndata: {}\n\n');
  });
});

describe('sseComment and sseRetry', () => {
  it('keeps a comment on one line', () => {
    expect(sseComment('heart\nbeat')).toBe(': heart beat\n\n');
  });

  it('writes a whole, non-negative retry delay', () => {
    expect(sseRetry(2000.4)).toBe('retry: 2000\n\n');
    expect(sseRetry(-5)).toBe('retry: 0\n\n');
  });
});

describe('resumeCursor', () => {
  const cursor = '65f1c2a9b3e4d5f6a7b8c9d0';

  it('prefers Last-Event-ID over the after parameter', () => {
    expect(resumeCursor(cursor, 'ffffffffffffffffffffffff')).toBe(cursor);
    expect(resumeCursor(null, cursor)).toBe(cursor);
  });

  it('ignores empty, oversized or malformed values', () => {
    expect(resumeCursor('', null)).toBeUndefined();
    expect(resumeCursor('  ', '')).toBeUndefined();
    expect(resumeCursor('a b', null)).toBeUndefined();
    expect(resumeCursor('x'.repeat(600), null)).toBeUndefined();
    expect(resumeCursor('bad\nvalue', cursor)).toBe(cursor);
  });
});
