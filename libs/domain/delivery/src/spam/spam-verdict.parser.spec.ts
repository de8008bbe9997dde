import { isSpamFor, parseSpamVerdict } from './spam-verdict.parser';

describe('parseSpamVerdict', () => {
  it('reads SpamAssassin status lines', () => {
    expect(parseSpamVerdict('Yes, score=7.2 required=5.0 tests=BAYES_99', 'spamassassin')).toEqual({
      flagged: true,
      score: 7.2,
    });
    expect(parseSpamVerdict('No, score=-1.5\r\n\trequired=5.0', 'spamassassin')).toEqual({
      flagged: false,
      score: -1.5,
    });
    expect(parseSpamVerdict('No, hits=2.0 required=5.0', 'spamassassin')?.score).toBe(2);
  });

  it('reads rspamd results and flags', () => {
    expect(parseSpamVerdict('default: True [12.40 / 15.00]; BAYES_SPAM(5.1)', 'rspamd')).toEqual({
      flagged: true,
      score: 12.4,
    });
    expect(parseSpamVerdict('default: False [-0.50 / 15.00]', 'rspamd')).toEqual({
      flagged: false,
      score: -0.5,
    });
    expect(parseSpamVerdict('Yes', 'rspamd')).toEqual({ flagged: true, score: null });
  });

  it('reads a bare score', () => {
    expect(parseSpamVerdict(' 9.5 ', 'score')).toEqual({ flagged: null, score: 9.5 });
    expect(parseSpamVerdict('-3', 'score')?.score).toBe(-3);
  });

  it.each([
    ['', 'spamassassin'],
    ['maybe', 'spamassassin'],
    ['whatever', 'rspamd'],
    ['9.5 points', 'score'],
    ['NaN', 'score'],
  ] as const)('returns null for %j (%s)', (value, format) => {
    expect(parseSpamVerdict(value, format)).toBeNull();
  });
});

describe('isSpamFor', () => {
  const at = (score: number | null, flagged: boolean | null = null) => ({ score, flagged });

  it('uses the threshold unchanged at the default level', () => {
    expect(isSpamFor(at(5), 5, 50)).toBe(true);
    expect(isSpamFor(at(4.9), 5, 50)).toBe(false);
  });

  it('treats level 0 as everything spam and 100 as nothing spam', () => {
    expect(isSpamFor(null, 5, 0)).toBe(true);
    expect(isSpamFor(at(-100), 5, 0)).toBe(true);
    expect(isSpamFor(at(1000), 5, 100)).toBe(false);
  });

  it('is monotone: raising the level never makes a message spam', () => {
    for (const score of [-5, 0, 3, 5, 8, 12, 20]) {
      let previous = true;
      for (let level = 0; level <= 100; level++) {
        const spam = isSpamFor(at(score), 5, level);
        if (spam) expect(previous).toBe(true);
        previous = spam;
      }
    }
  });

  it('shifts by a fifth of a point per level step', () => {
    expect(isSpamFor(at(7), 5, 60)).toBe(true);
    expect(isSpamFor(at(6.9), 5, 60)).toBe(false);
    expect(isSpamFor(at(3), 5, 40)).toBe(true);
  });

  it('counts a bare "yes" as a score at the threshold and ignores a bare "no"', () => {
    expect(isSpamFor(at(null, true), 5, 50)).toBe(true);
    expect(isSpamFor(at(null, true), 5, 51)).toBe(false);
    expect(isSpamFor(at(null, false), 5, 1)).toBe(false);
    expect(isSpamFor(null, 5, 1)).toBe(false);
  });
});
