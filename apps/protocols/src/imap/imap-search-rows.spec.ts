import type { SearchKey } from '@eider/imap-core';
import type { SnapshotRow } from '@eider/mailstore';
import { answerableFromRows, searchRows } from './imap-search-rows';

const row = (uid: number, flags: string[], sizeCrlf: number, day: number): SnapshotRow => ({
  uid,
  flags,
  sizeCrlf,
  modseq: uid * 10,
  idate: new Date(Date.UTC(2026, 10, day, 12)),
  created: new Date(Date.UTC(2026, 10, day, 12)),
});

const rows = [
  row(1, ['\\Seen'], 100, 1),
  row(2, [], 2000, 2),
  row(3, ['\\Seen', '\\Deleted'], 300, 3),
  row(4, ['$Work'], 50, 4),
];
const everyUid = new Set([1, 2, 3, 4]);
const unseen: SearchKey = { type: 'flag', flag: '\\Seen', present: false };

describe('searching mailbox rows', () => {
  it('takes only conditions a row can answer', () => {
    expect(
      answerableFromRows({ type: 'and', keys: [unseen, { type: 'size', op: 'larger', value: 1 }] }),
    ).toBe(true);
    expect(
      answerableFromRows({
        type: 'date',
        field: 'internal',
        op: 'since',
        date: { year: 2026, month: 11, day: 2 },
      }),
    ).toBe(true);
    expect(
      answerableFromRows({
        type: 'date',
        field: 'sent',
        op: 'since',
        date: { year: 2026, month: 11, day: 2 },
      }),
    ).toBe(false);
    expect(answerableFromRows({ type: 'not', key: { type: 'header', name: 'subject', value: 'x' } })).toBe(
      false,
    );
    expect(answerableFromRows({ type: 'or', left: unseen, right: { type: 'body', value: 'x' } })).toBe(false);
  });

  it('matches flags, keywords, sizes, dates and modseqs, within the scope only', () => {
    expect(searchRows(rows, unseen, everyUid)).toEqual([2, 4]);
    expect(searchRows(rows, unseen, new Set([4]))).toEqual([4]);
    expect(searchRows(rows, { type: 'flag', flag: '$work', present: true }, everyUid)).toEqual([4]);
    expect(
      searchRows(
        rows,
        {
          type: 'or',
          left: { type: 'flag', flag: '\\Deleted', present: true },
          right: { type: 'size', op: 'larger', value: 1000 },
        },
        everyUid,
      ),
    ).toEqual([2, 3]);
    expect(
      searchRows(
        rows,
        { type: 'date', field: 'internal', op: 'since', date: { year: 2026, month: 11, day: 3 } },
        everyUid,
      ),
    ).toEqual([3, 4]);
    expect(searchRows(rows, { type: 'modseq', value: 25 }, everyUid)).toEqual([3, 4]);
    expect(searchRows(rows, { type: 'uid', ranges: [[2, 3]] }, everyUid)).toEqual([2, 3]);
  });
});
