import type { UserFeedEvent } from '@eider/mailstore';
import { mailboxChangeEventOf, messageChangeEventOf } from './change-event.mapper';
import { MessageChangeType } from './change-event.types';

const USER = 'a'.repeat(24);
const INBOX = 'b'.repeat(24);
const OTHER = 'c'.repeat(24);

const change = (kind: 'exists' | 'expunge' | 'flags' | 'mailbox', mailbox = INBOX): UserFeedEvent => ({
  type: 'change',
  cursor: 'd'.repeat(24),
  change: {
    id: 'd'.repeat(24),
    kind,
    mailbox,
    modseq: 7,
    ...(kind === 'mailbox' ? {} : { uid: 3 }),
    ...(kind === 'flags' ? { flags: ['\\Seen'] } : {}),
    created: new Date(0),
  },
});

describe('change event mapping', () => {
  it('maps journal kinds to message events and skips the others', () => {
    expect(messageChangeEventOf(change('exists'), USER, { type: MessageChangeType.ADDED })).toEqual({
      type: 'ADDED',
      cursor: 'd'.repeat(24),
      resetReason: null,
      id: `${INBOX}:3`,
      mailboxId: INBOX,
      uid: 3,
      flags: null,
      modseq: 7,
      userId: USER,
    });
    expect(messageChangeEventOf(change('flags'), USER, { type: MessageChangeType.UPDATED })?.flags).toEqual([
      '\\Seen',
    ]);
    expect(messageChangeEventOf(change('expunge'), USER, { type: MessageChangeType.REMOVED })?.type).toBe(
      'REMOVED',
    );
    expect(messageChangeEventOf(change('flags'), USER, { type: MessageChangeType.ADDED })).toBeNull();
    expect(messageChangeEventOf(change('mailbox'), USER, { type: MessageChangeType.ADDED })).toBeNull();
  });

  it('filters by mailbox but always passes resets', () => {
    const filter = { type: MessageChangeType.ADDED, mailboxId: OTHER } as const;
    expect(messageChangeEventOf(change('exists'), USER, filter)).toBeNull();
    expect(messageChangeEventOf(change('exists', OTHER), USER, filter)?.mailboxId).toBe(OTHER);
    const reset: UserFeedEvent = { type: 'reset', reason: 'expired', cursor: 'e'.repeat(24) };
    expect(messageChangeEventOf(reset, USER, filter)).toMatchObject({
      type: 'RESET',
      resetReason: 'EXPIRED',
      cursor: 'e'.repeat(24),
      id: null,
    });
    expect(mailboxChangeEventOf({ ...reset, reason: 'future' }, USER, OTHER)).toMatchObject({
      type: 'RESET',
      resetReason: 'FUTURE',
    });
  });

  it('names every journal kind as a mailbox change', () => {
    expect(
      (['exists', 'expunge', 'flags', 'mailbox'] as const).map(
        (kind) => mailboxChangeEventOf(change(kind), USER)?.type,
      ),
    ).toEqual(['MESSAGES_ADDED', 'MESSAGES_REMOVED', 'FLAGS_CHANGED', 'MAILBOX_CHANGED']);
    expect(mailboxChangeEventOf(change('exists'), USER, OTHER)).toBeNull();
  });
});
