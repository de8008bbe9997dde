import { matchesSearch, type SearchCandidate } from './search-evaluator';
import type { SearchKey } from './search-ast';

const candidate: SearchCandidate = {
  uid: 7,
  modseq: 12,
  flags: ['\\Seen', '$Work'],
  internalDate: new Date('2024-03-10T23:30:00Z'),
  size: 1500,
  sentDate: new Date('2024-03-09T08:00:00Z'),
  headerValues: (name) => (name === 'subject' ? ['Quarterly Report'] : name === 'x-empty' ? [''] : []),
  headerText: () => 'subject: Quarterly Report',
  bodyText: () => 'Numbers attached',
};

const day = (year: number, month: number, d: number): { year: number; month: number; day: number } => ({
  year,
  month,
  day: d,
});

describe('matchesSearch', () => {
  it.each<[string, SearchKey, boolean]>([
    ['all', { type: 'all' }, true],
    [
      'uid in range',
      {
        type: 'uid',
        ranges: [
          [1, 3],
          [7, 9],
        ],
      },
      true,
    ],
    ['uid out of range', { type: 'uid', ranges: [[8, 9]] }, false],
    ['flag case-insensitive', { type: 'flag', flag: '\\seen', present: true }, true],
    ['keyword absent', { type: 'flag', flag: '$Home', present: false }, true],
    ['internal on (UTC day)', { type: 'date', field: 'internal', op: 'on', date: day(2024, 3, 10) }, true],
    [
      'internal before same day',
      { type: 'date', field: 'internal', op: 'before', date: day(2024, 3, 10) },
      false,
    ],
    [
      'internal since same day',
      { type: 'date', field: 'internal', op: 'since', date: day(2024, 3, 10) },
      true,
    ],
    ['sent before', { type: 'date', field: 'sent', op: 'before', date: day(2024, 3, 10) }, true],
    ['larger', { type: 'size', op: 'larger', value: 1500 }, false],
    ['smaller', { type: 'size', op: 'smaller', value: 1501 }, true],
    ['header substring', { type: 'header', name: 'subject', value: 'report' }, true],
    ['header presence', { type: 'header', name: 'x-empty', value: '' }, true],
    ['header missing', { type: 'header', name: 'x-none', value: '' }, false],
    ['body', { type: 'body', value: 'ATTACHED' }, true],
    ['text covers headers', { type: 'text', value: 'quarterly' }, true],
    ['modseq', { type: 'modseq', value: 13 }, false],
    [
      'or',
      {
        type: 'or',
        left: { type: 'body', value: 'nope' },
        right: { type: 'flag', flag: '$Work', present: true },
      },
      true,
    ],
    [
      'not and',
      {
        type: 'not',
        key: { type: 'and', keys: [{ type: 'all' }, { type: 'size', op: 'larger', value: 10 }] },
      },
      false,
    ],
  ])('%s', (_name, key, expected) => {
    expect(matchesSearch(key, candidate)).toBe(expected);
  });

  it('treats a missing sent date as no match for SENT* keys', () => {
    const c = { ...candidate, sentDate: null };
    expect(matchesSearch({ type: 'date', field: 'sent', op: 'since', date: day(1970, 1, 1) }, c)).toBe(false);
  });
});
