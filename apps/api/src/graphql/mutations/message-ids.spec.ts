import { GraphQLError } from 'graphql';
import { MAX_BULK_MESSAGES, groupMessageIds, parseMessageId, uidSelectors } from './message-ids';

const MAILBOX_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const MAILBOX_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';

const codeOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return (error as GraphQLError).extensions['code'];
  }
  return null;
};

describe('message ids', () => {
  it('parses "<mailboxId>:<uid>"', () => {
    const ref = parseMessageId(`${MAILBOX_A.toUpperCase()}:42`);
    expect(ref.mailbox.toHexString()).toBe(MAILBOX_A);
    expect(ref.uid).toBe(42);
  });

  it.each([
    '',
    '42',
    `${MAILBOX_A}:0`,
    `${MAILBOX_A}:-1`,
    `${MAILBOX_A}:4294967296`,
    `${MAILBOX_A}:1:2`,
    'x:1',
  ])('refuses %j with BAD_USER_INPUT', (id) =>
    expect(codeOf(() => parseMessageId(id))).toBe('BAD_USER_INPUT'),
  );

  it('groups by mailbox in first-seen order, sorted and without repeats', () => {
    const { groups, refs } = groupMessageIds([
      `${MAILBOX_B}:5`,
      `${MAILBOX_A}:3`,
      `${MAILBOX_B}:1`,
      `${MAILBOX_B}:5`,
    ]);
    expect(groups.map((group) => [group.mailbox.toHexString(), group.uids])).toEqual([
      [MAILBOX_B, [1, 5]],
      [MAILBOX_A, [3]],
    ]);
    expect(refs.map((ref) => `${ref.mailbox.toHexString()}:${ref.uid}`)).toEqual([
      `${MAILBOX_B}:5`,
      `${MAILBOX_A}:3`,
      `${MAILBOX_B}:1`,
    ]);
  });

  it('refuses an empty or oversized list', () => {
    expect(codeOf(() => groupMessageIds([]))).toBe('BAD_USER_INPUT');
    const many = Array.from({ length: MAX_BULK_MESSAGES + 1 }, (_, index) => `${MAILBOX_A}:${index + 1}`);
    expect(codeOf(() => groupMessageIds(many))).toBe('BAD_USER_INPUT');
  });

  it('builds selectors that name exactly the UIDs, at most 100 items each', () => {
    expect(uidSelectors([1, 2, 3, 7, 9, 10])).toEqual(['1:3,7,9:10']);
    expect(uidSelectors([])).toEqual([]);
    const odd = Array.from({ length: 250 }, (_, index) => index * 2 + 1);
    const selectors = uidSelectors(odd);
    expect(selectors.map((selector) => selector.split(',').length)).toEqual([100, 100, 50]);
    expect(selectors.join(',').split(',').map(Number)).toEqual(odd);
  });
});
