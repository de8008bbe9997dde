import { formatNumberSet, parseSequenceSet } from './sequence-set';
import { MailboxView } from '../session/mailbox-view';

describe('sequence sets', () => {
  it('parses ranges, reversed ranges and *', () => {
    expect(parseSequenceSet('1:3,7,*,9:5', 20)).toEqual([
      [1, 3],
      [7, 7],
      [20, 20],
      [5, 9],
    ]);
    expect(() => parseSequenceSet('0', 5)).toThrow();
    expect(() => parseSequenceSet('1,,2', 5)).toThrow();
    expect(() => parseSequenceSet('$', 5)).toThrow();
  });

  it('formats compact sets', () => {
    expect(formatNumberSet([1, 2, 3, 5, 7, 8])).toBe('1:3,5,7:8');
  });
});

describe('MailboxView', () => {
  const view = (): MailboxView => new MailboxView('m', 'INBOX', false, 1, [10, 20, 30, 40, 50], 1);

  it('maps sequence numbers and UIDs', () => {
    const v = view();
    expect(v.uidsForSequences([[2, 3]])).toEqual([20, 30]);
    expect(v.uidsForSequences([[4, 99]])).toEqual([40, 50]);
    expect(
      v.uidsForUidRanges([
        [15, 45],
        [1, 10],
      ]),
    ).toEqual([10, 20, 30, 40]);
    expect(v.sequenceRangesToUidRanges([[2, 4]])).toEqual([[20, 40]]);
    expect(v.seqOf(30)).toBe(3);
    expect(v.seqOf(31)).toBe(0);
  });

  it('announces expunges highest first so each number is valid when sent', () => {
    const v = view();
    // Removing seq 2 and 4: sending 4 then 2 is correct; sending 2 then 4 would name the wrong message.
    expect(v.expunge([20, 40])).toEqual([4, 2]);
    expect(v.allUids()).toEqual([10, 30, 50]);
    expect(v.append([50, 60, 70])).toBe(2);
    expect(v.exists).toBe(5);
  });
});
