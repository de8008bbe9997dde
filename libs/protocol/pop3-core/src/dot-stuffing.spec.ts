import { DotStuffer, TopLimiter } from './dot-stuffing';

const stuff = (pieces: string[]): string => {
  const stuffer = new DotStuffer();
  const out = pieces.map((piece) => stuffer.push(Buffer.from(piece)).toString());
  return out.join('') + stuffer.terminator().toString();
};

const top = (message: string, lines: number, chunk = 1): string => {
  const limiter = new TopLimiter(lines);
  const out: string[] = [];
  for (let i = 0; i < message.length && !limiter.done; i += chunk) {
    out.push(limiter.push(Buffer.from(message.slice(i, i + chunk))).toString());
  }
  out.push(limiter.end().toString());
  return out.join('');
};

describe('DotStuffer', () => {
  it('doubles a leading dot on every line, including across chunk boundaries', () => {
    expect(stuff(['.a\r\nb\r\n.\r\n'])).toBe('..a\r\nb\r\n..\r\n.\r\n');
    expect(stuff(['a\r\n', '.b\r', '\n', '.', 'c\r\n'])).toBe('a\r\n..b\r\n..c\r\n.\r\n');
    expect(stuff(['a.b\r\n'])).toBe('a.b\r\n.\r\n');
  });

  it('ends with CRLF before the terminator even when the content did not', () => {
    expect(stuff(['no newline'])).toBe('no newline\r\n.\r\n');
    expect(stuff([])).toBe('.\r\n');
    expect(stuff(['a\r'])).toBe('a\r\r\n.\r\n');
  });
});

describe('TopLimiter', () => {
  const message = 'A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\nl3\r\n';

  it('returns the header, the blank line and n body lines, whatever the chunking', () => {
    for (const chunk of [1, 3, 7, 100]) {
      expect(top(message, 0, chunk)).toBe('A: 1\r\nB: 2\r\n\r\n');
      expect(top(message, 2, chunk)).toBe('A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n');
      expect(top(message, 10, chunk)).toBe(message);
    }
  });

  it('adds the blank line when a message has no body', () => {
    expect(top('A: 1\r\n', 3)).toBe('A: 1\r\n\r\n');
    expect(top('A: 1', 3)).toBe('A: 1\r\n\r\n');
    expect(top('', 3)).toBe('\r\n');
  });

  it('treats a message starting with a blank line as having an empty header', () => {
    expect(top('\r\nbody\r\nmore\r\n', 1)).toBe('\r\nbody\r\n');
  });
});
