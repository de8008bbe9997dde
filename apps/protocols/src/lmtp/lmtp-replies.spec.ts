import type { DeliveryOutcome } from '@eider/delivery';
import { failureReply, outcomeReply, replyError } from './lmtp-replies';

describe('LMTP replies', () => {
  const temporary = { overQuotaPermanent: false };
  const permanent = { overQuotaPermanent: true };

  it.each([
    ['UNKNOWN_RECIPIENT', 550, '5.1.1'],
    ['USER_DISABLED', 550, '5.2.1'],
    ['INVALID_ADDRESS', 501, '5.1.3'],
    ['MESSAGE_TOO_LARGE', 552, '5.3.4'],
    ['INVALID_CONTENT', 554, '5.6.0'],
    ['FORWARDING_UNAVAILABLE', 451, '4.3.2'],
    ['TEMPORARY_FAILURE', 451, '4.3.0'],
  ] as const)('%s → %i %s', (code, reply, enhanced) => {
    expect(failureReply(code, 'a@b.example', temporary)).toMatchObject({ code: reply, enhanced });
  });

  it('answers over quota with 452 4.2.2 by default and 552 5.2.2 when configured permanent', () => {
    expect(failureReply('OVER_QUOTA', 'a@b.example', temporary)).toMatchObject({
      code: 452,
      enhanced: '4.2.2',
    });
    expect(failureReply('OVER_QUOTA', 'a@b.example', permanent)).toMatchObject({
      code: 552,
      enhanced: '5.2.2',
    });
  });

  it('reports a stored copy with its UID and never leaks the failure detail', () => {
    const stored: DeliveryOutcome = {
      ok: true,
      rcpt: 'a@b.example',
      address: 'a@b.example',
      disposition: 'stored',
      mailbox: 'INBOX',
      uid: 7,
      spam: false,
      forwards: 0,
      autoreplied: false,
      filters: [],
    };
    expect(outcomeReply(stored, 'S1', temporary)).toEqual({
      code: 250,
      enhanced: '2.0.0',
      text: '<a@b.example> S1 saved as 7',
    });
    const failed: DeliveryOutcome = {
      ok: false,
      rcpt: 'a@b.example',
      code: 'TEMPORARY_FAILURE',
      detail: 'MongoServerError: secret',
    };
    const error = replyError(outcomeReply(failed, 'S1', temporary));
    expect(error.responseCode).toBe(451);
    expect(error.message).toBe('4.3.0 <a@b.example> temporary failure, try again later');
  });
});
