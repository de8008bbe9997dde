import { invalidRecipients, isEmptyCompose, newComposeState, toSendInput } from './compose-state';

describe('toSendInput', () => {
  it('sends tokens plus typed text, html with its text in rich mode, and the reference', () => {
    const state = newComposeState('a', {
      from: 'alias@example.test',
      to: { tokens: [{ name: 'Ann', address: 'ann@example.org' }], pending: 'bo@example.org' },
      subject: 'Hi',
      html: '<div>Hello <b>you</b></div>',
      reference: { id: 'm:1', action: 'REPLY' },
    });
    expect(toSendInput(state)).toEqual({
      from: { address: 'alias@example.test' },
      to: [{ name: 'Ann', address: 'ann@example.org' }, { address: 'bo@example.org' }],
      cc: [],
      bcc: [],
      subject: 'Hi',
      html: '<div>Hello <b>you</b></div>',
      text: 'Hello you',
      reference: { id: 'm:1', action: 'REPLY' },
    });
  });

  it('sends only text in plain mode, the attachments, and the forwarded attachment ids', () => {
    const input = toSendInput(
      newComposeState('b', {
        mode: 'plain',
        text: 'plain body',
        html: '<b>stale</b>',
        reference: { id: 'm:2', action: 'FORWARD' },
        forwarded: [
          { id: 'ATT00002', filename: 'x.pdf', contentType: 'application/pdf', size: 1, related: false },
        ],
        attachments: [
          {
            key: 'k',
            filename: 'f.txt',
            contentType: 'text/plain',
            size: 2,
            content: 'aGk=',
            uploaded: true,
          },
        ],
      }),
    );
    expect(input.html).toBeUndefined();
    expect(input.text).toBe('plain body');
    expect(input.attachments).toEqual([{ filename: 'f.txt', contentType: 'text/plain', content: 'aGk=' }]);
    expect(input.reference).toEqual({ id: 'm:2', action: 'FORWARD', attachmentIds: ['ATT00002'] });
  });
});

describe('isEmptyCompose and invalidRecipients', () => {
  it('sees an untouched window as empty and anything typed as not', () => {
    expect(isEmptyCompose(newComposeState('c', { html: '<div><br></div>' }))).toBe(true);
    expect(isEmptyCompose(newComposeState('c', { subject: 'x' }))).toBe(false);
    expect(isEmptyCompose(newComposeState('c', { cc: { tokens: [], pending: 'a@b.org' } }))).toBe(false);
  });

  it('lists typed text that is no address', () => {
    expect(
      invalidRecipients(newComposeState('d', { bcc: { tokens: [], pending: 'ok@x.org, nope' } })),
    ).toEqual(['nope']);
  });
});
