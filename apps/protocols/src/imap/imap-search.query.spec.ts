import type { SearchKey } from '@eider/imap-core';
import { needsRecheck, searchCandidate, searchFilter } from './imap-search.query';

const mongo = { elemMatch: true };
const ferret = { elemMatch: false };

describe('searchFilter', () => {
  it('maps system flags to their indexed fields and keywords to the flags array', () => {
    expect(searchFilter({ type: 'flag', flag: '\\Seen', present: false }, mongo)).toEqual({ unseen: true });
    expect(searchFilter({ type: 'flag', flag: '\\Deleted', present: true }, mongo)).toEqual({
      deleted: true,
    });
    expect(searchFilter({ type: 'flag', flag: '$Work', present: false }, mongo)).toEqual({
      flags: { $ne: '$Work' },
    });
  });

  it('turns calendar dates into UTC day ranges', () => {
    const on: SearchKey = {
      type: 'date',
      field: 'internal',
      op: 'on',
      date: { year: 2026, month: 11, day: 2 },
    };
    expect(searchFilter(on, mongo)).toEqual({
      idate: { $gte: new Date('2026-11-02T00:00:00Z'), $lt: new Date('2026-11-03T00:00:00Z') },
    });
    const sentBefore: SearchKey = {
      type: 'date',
      field: 'sent',
      op: 'before',
      date: { year: 2026, month: 1, day: 31 },
    };
    // The header's own calendar day decides; the filter widens by the largest zone offset and is rechecked.
    expect(searchFilter(sentBefore, mongo)).toEqual({ hdate: { $lt: new Date('2026-01-31T14:00:00Z') } });
    expect(needsRecheck(sentBefore, mongo)).toBe(true);
  });

  it('escapes regex specials in text keys so a query cannot inject a pattern', () => {
    const filter = searchFilter({ type: 'body', value: 'a.*b(' }, mongo) as { text: RegExp };
    expect(filter.text.test('xa.*b(y')).toBe(true);
    expect(filter.text.test('aXXb(')).toBe(false);
  });

  it('nests OR and NOT', () => {
    const key: SearchKey = {
      type: 'not',
      key: {
        type: 'or',
        left: { type: 'size', op: 'larger', value: 10 },
        right: { type: 'uid', ranges: [[1, 5]] },
      },
    };
    expect(searchFilter(key, mongo)).toEqual({
      $nor: [{ $or: [{ sizeCrlf: { $gt: 10 } }, { $or: [{ uid: { $gte: 1, $lte: 5 } }] }] }],
    });
  });

  it('narrows HEADER with $elemMatch on MongoDB and asks for a recheck on FerretDB', () => {
    const key: SearchKey = { type: 'header', name: 'Subject', value: 'Hello' };
    expect(searchFilter(key, mongo)).toEqual({
      searchHeaders: { $elemMatch: { key: 'subject', value: /hello/i } },
    });
    expect(needsRecheck(key, mongo)).toBe(false);
    expect(needsRecheck({ type: 'not', key }, ferret)).toBe(true);
    // Under NOT a superset would wrongly exclude messages, so every candidate is kept for the recheck.
    expect(searchFilter({ type: 'not', key }, ferret)).toEqual({});
  });
});

describe('searchCandidate', () => {
  it('gives SENT* the Date header calendar day as written, whatever its zone', () => {
    const candidate = searchCandidate({
      uid: 1,
      modseq: 1,
      flags: [],
      idate: new Date(),
      hdate: new Date('2007-03-24T21:00:00Z'),
      sizeCrlf: 10,
      searchHeaders: [{ key: 'date', value: 'Sun, 25 Mar 2007 00:00:00 +0300' }],
      addresses: { from: ['user-from@domain.org'], to: [], cc: [], bcc: [] },
      text: '',
    });
    expect(candidate.sentDate?.toISOString()).toBe('2007-03-25T00:00:00.000Z');
    expect(candidate.headerValues('from')).toEqual(['user-from@domain.org']);
  });
});
