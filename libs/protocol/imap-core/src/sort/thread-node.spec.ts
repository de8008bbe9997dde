import { formatThreads, type ThreadNode } from './thread-node';

const n = (uid: number | null, ...children: ThreadNode[]): ThreadNode => ({ uid, children });
const same = (u: number): number => u;

describe('formatThreads (RFC 5256 section 4)', () => {
  it('writes the RFC example', () => {
    const threads = [n(2), n(3, n(6, n(4, n(23)), n(44, n(7, n(96)))))];
    expect(formatThreads(threads, same)).toBe('(2)(3 6 (4 23)(44 7 96))');
  });

  it('writes a dummy root as nested lists only', () => {
    expect(formatThreads([n(null, n(3), n(5, n(6)))], same)).toBe('((3)(5 6))');
  });

  it('skips a dummy that has a single child, and drops an empty one', () => {
    expect(formatThreads([n(1, n(null, n(2))), n(null)], same)).toBe('(1 2)()');
  });

  it('maps UIDs to the numbers asked for', () => {
    expect(formatThreads([n(10, n(20), n(30))], (u) => u / 10)).toBe('(1 (2)(3))');
  });

  it('writes nothing for no threads', () => {
    expect(formatThreads([], same)).toBe('');
  });

  it('survives very deep branching without recursion', () => {
    let node = n(1);
    for (let i = 2; i < 40_000; i += 2) node = n(i, node, n(i + 1));
    const text = formatThreads([node], same);
    expect(text.startsWith('(39998 (39996 (39994')).toBe(true);
    expect(text.length).toBeGreaterThan(100_000);
  });
});
