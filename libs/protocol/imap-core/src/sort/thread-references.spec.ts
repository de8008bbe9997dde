import type { SortRecord } from '../imap-backend';
import { formatThreads } from './thread-node';
import { threadByReferences } from './thread-references';
import { record } from './sort-test-records';

const thread = (...records: SortRecord[]): string => formatThreads(threadByReferences(records), (u) => u);

/** A message with id `<uid@x>`, referencing the given uids' ids (or raw ids), dated by uid unless told. */
const msg = (uid: number, refs: Array<number | string> = [], fields: Partial<SortRecord> = {}): SortRecord =>
  record(uid, {
    messageId: `<${uid}@x>`,
    references: refs.map((r) => (typeof r === 'number' ? `<${r}@x>` : r)),
    subject: `subject ${uid}`,
    ...fields,
  });

describe('THREAD=REFERENCES', () => {
  it('links a reply chain and a branch', () => {
    expect(thread(msg(1), msg(2, [1]), msg(3, [1, 2]), msg(4, [1]), msg(5))).toBe('(1 (2 3)(4))(5)');
  });

  it('uses In-Reply-To only when References has no ids', () => {
    expect(thread(msg(1), msg(2, [], { inReplyTo: '<1@x>' }))).toBe('(1 2)');
    // References wins over a disagreeing In-Reply-To.
    expect(thread(msg(1), msg(2), msg(3, [2], { inReplyTo: '<1@x>' }))).toBe('(1)(2 3)');
  });

  it('keeps a dummy root for siblings whose parent is missing', () => {
    expect(thread(msg(1, ['<gone@x>']), msg(2, ['<gone@x>']), msg(3))).toBe('((1)(2))(3)');
  });

  it('promotes the only child of a missing root, and children of a missing middle message', () => {
    expect(thread(msg(1, ['<gone@x>']))).toBe('(1)');
    expect(thread(msg(1), msg(2, [1, '<gone@x>']), msg(3, [1, '<gone@x>']))).toBe('(1 (2)(3))');
  });

  it('drops an old parent link even when the new one would loop (ImapTest "thread")', () => {
    // 2 says a -> c -> b; then c says its parent is b, which would loop: c keeps no parent at all.
    const dated = (uid: number, hour: number) => ({ sentDate: new Date(Date.UTC(2008, 1, 22, hour)) });
    expect(
      thread(
        msg(1, [], { messageId: '<a@b>', ...dated(1, 17) }),
        msg(2, ['<a@b>', '<c@b>'], { messageId: '<b@b>', ...dated(2, 15) }),
        msg(3, ['<b@b>'], { messageId: '<c@b>', ...dated(3, 16) }),
      ),
    ).toBe('(3 2)(1)');
  });

  it('survives loops in References', () => {
    expect(thread(msg(1, [2]), msg(2, [1]))).toBe('(2 1)');
    expect(thread(msg(1, [1]))).toBe('(1)');
    expect(thread(msg(1, ['<a>', '<b>', '<a>']), msg(2, ['<b>', '<a>']))).toMatch(/^\(/);
  });

  it('lets a message’s own References replace a link a truncated chain made', () => {
    // 3 says 4 hangs below 1; 4 itself says its parent is 2.
    expect(thread(msg(1), msg(2), msg(3, [1, 4]), msg(4, [2]))).toBe('(1)(2 4 3)');
  });

  it('gives duplicate and missing Message-IDs unique ids', () => {
    const dupe = msg(2, [], { messageId: '<1@x>', subject: 'other' });
    expect(thread(msg(1), dupe, msg(3, [1]))).toBe('(1 3)(2)');
    const anonymous = [1, 2].map((uid) => msg(uid, [], { messageId: null }));
    expect(thread(...anonymous, msg(3, ['<null>']))).toBe('(1)(2)(3)');
  });

  it('compares Message-IDs case-sensitively', () => {
    expect(thread(msg(1, [], { messageId: '<A@x>' }), msg(2, ['<a@x>']))).toBe('(1)(2)');
  });

  it('gathers roots by base subject: a reply goes below the original', () => {
    expect(thread(msg(1, [], { subject: 'Re: hello' }), msg(2, [], { subject: 'Hello' }))).toBe('(2 1)');
  });

  it('puts two originals with one subject under a new dummy', () => {
    expect(thread(msg(1, [], { subject: 'hello' }), msg(2, [], { subject: 'HELLO' }))).toBe('((1)(2))');
  });

  it('puts a message below a dummy root of the same subject, and merges two dummies', () => {
    const kids = (uid: number, subject: string): SortRecord => msg(uid, ['<lost@x>'], { subject });
    expect(thread(kids(1, 'topic'), kids(2, 'Re: topic'), msg(3, [], { subject: 'Re: topic' }))).toBe(
      '((1)(2)(3))',
    );
    const other = (uid: number): SortRecord => msg(uid, ['<lost2@x>'], { subject: 'topic' });
    expect(thread(kids(1, 'topic'), kids(2, 'topic'), other(3), other(4))).toBe('((1)(2)(3)(4))');
  });

  it('never gathers blank subjects', () => {
    expect(thread(msg(1, [], { subject: '' }), msg(2, [], { subject: 'Re: ' }))).toBe('(1)(2)');
  });

  it('sorts siblings by sent date, a dummy root by its first child', () => {
    const d = (iso: string): Date => new Date(iso);
    expect(
      thread(
        msg(1, [], { sentDate: d('2024-01-05T00:00:00Z') }),
        msg(2, [1], { sentDate: d('2024-01-09T00:00:00Z') }),
        msg(3, [1], { sentDate: d('2024-01-07T00:00:00Z') }),
        msg(4, ['<gone@x>'], { sentDate: d('2024-01-08T00:00:00Z') }),
        msg(5, ['<gone@x>'], { sentDate: d('2024-01-02T00:00:00Z') }),
        msg(6, [1], { sentDate: d('2024-01-07T00:00:00Z') }),
      ),
    ).toBe('((5)(4))(1 (3)(6)(2))');
  });

  it('handles a 20k-message reply chain', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => msg(i + 1, i === 0 ? [] : [i]));
    const text = thread(...chain);
    expect(text.startsWith('(1 2 3 ')).toBe(true);
    expect(text.endsWith(' 19999 20000)')).toBe(true);
  });
});
