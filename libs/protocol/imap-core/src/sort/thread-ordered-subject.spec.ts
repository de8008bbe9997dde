import { formatThreads } from './thread-node';
import { threadByOrderedSubject } from './thread-ordered-subject';
import { at, record } from './sort-test-records';

const thread = (...records: ReturnType<typeof record>[]): string =>
  formatThreads(threadByOrderedSubject(records), (u) => u);

describe('THREAD=ORDEREDSUBJECT', () => {
  it('makes the first message by date the parent of all the others', () => {
    expect(
      thread(
        record(1, { subject: 'a', sentDate: at('2024-01-01T00:00:00Z') }),
        record(2, { subject: 'Re: A', sentDate: at('2024-01-04T00:00:00Z') }),
        record(3, { subject: 'b', sentDate: at('2024-01-02T00:00:00Z') }),
        record(4, { subject: 'RE: a', sentDate: at('2024-01-03T00:00:00Z') }),
        record(5, { subject: 'c', sentDate: at('2023-12-31T00:00:00Z') }),
      ),
    ).toBe('(5)(1 (4)(2))(3)');
  });

  it('writes a single child on the same level', () => {
    expect(thread(record(1, { subject: 'x' }), record(2, { subject: 'Fwd: x' }))).toBe('(1 2)');
  });

  it('groups blank subjects together and breaks date ties by UID', () => {
    const d = at('2024-01-01T00:00:00Z');
    expect(
      thread(
        record(3, { subject: '', sentDate: d }),
        record(1, { subject: 'Re:', sentDate: d }),
        record(2, { subject: 'z', sentDate: d }),
      ),
    ).toBe('(1 3)(2)');
  });

  it('uses INTERNALDATE when the Date header is missing', () => {
    expect(
      thread(
        record(1, { subject: 'late', sentDate: at('2030-01-01T00:00:00Z') }),
        record(2, { subject: 'early', sentDate: null, internalDate: at('2020-01-01T00:00:00Z') }),
      ),
    ).toBe('(2)(1)');
  });

  it('answers nothing for nothing', () => {
    expect(thread()).toBe('');
  });
});
