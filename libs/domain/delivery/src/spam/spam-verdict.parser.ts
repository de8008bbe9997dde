export type SpamHeaderFormat = 'spamassassin' | 'rspamd' | 'score';

export interface SpamVerdict {
  /** The scanner's score; null when the header carried only a yes/no. */
  score: number | null;
  /** The scanner's own yes/no, when it gave one. */
  flagged: boolean | null;
}

const NUMBER = '([-+]?\\d+(?:\\.\\d+)?)';

/**
 * Reads the trusted scanner header. Returns null when the value cannot be read, so a garbled header counts
 * as "no verdict" rather than as spam or ham.
 * - spamassassin: `Yes, score=7.2 required=5.0 tests=...` (also `hits=` from old versions)
 * - rspamd: `default: True [12.40 / 15.00]; ...` (X-Spamd-Result) or `Yes`/`No` (X-Spam)
 * - score: a bare number
 */
export const parseSpamVerdict = (value: string, format: SpamHeaderFormat): SpamVerdict | null => {
  const text = value.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  switch (format) {
    case 'spamassassin': {
      const flag = /^(yes|no)\b/i.exec(text);
      const score = new RegExp(`\\b(?:score|hits)=${NUMBER}`, 'i').exec(text);
      if (!flag && !score) return null;
      return {
        flagged: flag ? flag[1]?.toLowerCase() === 'yes' : null,
        score: score ? Number(score[1]) : null,
      };
    }
    case 'rspamd': {
      const bracket = new RegExp(`\\[\\s*${NUMBER}\\s*/\\s*${NUMBER}\\s*\\]`).exec(text);
      const flag = /(?:^|:\s*)(true|false|yes|no)\b/i.exec(text);
      if (!bracket && !flag) return null;
      const word = flag?.[1]?.toLowerCase();
      return {
        flagged: word === undefined ? null : word === 'true' || word === 'yes',
        score: bracket ? Number(bracket[1]) : null,
      };
    }
    case 'score': {
      const match = new RegExp(`^${NUMBER}$`).exec(text);
      return match ? { score: Number(match[1]), flagged: null } : null;
    }
  }
};

export const DEFAULT_SPAM_LEVEL = 50;
/** Score points the threshold moves per spam-level step away from 50. */
export const SPAM_LEVEL_STEP = 0.2;

/**
 * Spam level L (0..100) shifts the operator's threshold T: a message is spam when its score is at least
 * T + (L − 50) × 0.2, so L = 50 uses T unchanged and each step up needs a fifth of a point more. The ends
 * are absolute: L = 0 files everything as spam, L = 100 nothing. Raising L never turns ham into spam, so
 * the rule is monotone. A verdict with only a yes/no (no score) counts as a score of exactly T for "yes"
 * and as no verdict for "no"; no verdict at all is ham for every L above 0.
 */
export const isSpamFor = (verdict: SpamVerdict | null, threshold: number, level: number): boolean => {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(level) ? level : DEFAULT_SPAM_LEVEL));
  if (clamped <= 0) return true;
  if (clamped >= 100) return false;
  if (!verdict) return false;
  const score = verdict.score ?? (verdict.flagged ? threshold : null);
  if (score === null) return false;
  return score >= threshold + (clamped - DEFAULT_SPAM_LEVEL) * SPAM_LEVEL_STEP;
};
