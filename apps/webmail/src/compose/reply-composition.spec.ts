import {
  composeReply,
  forwardSubject,
  quotePlain,
  replyRecipients,
  replySubject,
  type SourceMessage,
} from './reply-composition';

const me = 'me@example.test';
const source = (overrides: Partial<SourceMessage> = {}): SourceMessage => ({
  id: 'aaaaaaaaaaaaaaaaaaaaaaaa:7',
  subject: 'Plans',
  date: '2024-01-02T10:00:00.000Z',
  from: { name: 'Ann Lee', address: 'ann@example.org' },
  to: [
    { name: 'Me', address: 'ME@example.test' },
    { name: 'Bo', address: 'bo@example.org' },
  ],
  cc: [
    { name: '', address: 'cat@example.org' },
    { name: 'Ann again', address: 'ann@example.org' },
  ],
  replyTo: [],
  text: 'Line one\n\nLine two\n> earlier\n',
  html: null,
  attachments: [
    { id: 'ATT00001', filename: 'a.pdf', contentType: 'application/pdf', size: 10, related: false },
    { id: 'ATT00002', filename: 'logo.png', contentType: 'image/png', size: 5, related: true },
  ],
  ...overrides,
});
const utc = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

describe('replySubject and forwardSubject', () => {
  it('prefix once and never stack', () => {
    expect(replySubject('Plans')).toBe('Re: Plans');
    expect(replySubject('Re: Plans')).toBe('Re: Plans');
    expect(replySubject('RE: Plans')).toBe('RE: Plans');
    expect(replySubject('AW: Pläne')).toBe('AW: Pläne');
    expect(replySubject('Re[2]: Plans')).toBe('Re[2]: Plans');
    expect(replySubject('Fwd: Plans')).toBe('Re: Fwd: Plans');
    expect(replySubject('')).toBe('Re:');
    expect(replySubject('Regarding plans')).toBe('Re: Regarding plans');
    expect(forwardSubject('Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('Fwd: Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('FW: Plans')).toBe('FW: Plans');
    expect(forwardSubject('Re: Plans')).toBe('Fwd: Re: Plans');
  });
});

describe('replyRecipients', () => {
  it('answers the From, or the Reply-To when there is one', () => {
    expect(replyRecipients(source(), 'reply', [me])).toEqual({
      to: [{ name: 'Ann Lee', address: 'ann@example.org' }],
      cc: [],
    });
    expect(
      replyRecipients(source({ replyTo: [{ name: 'List', address: 'list@example.org' }] }), 'reply', [me]).to,
    ).toEqual([{ name: 'List', address: 'list@example.org' }]);
  });

  it('reply all adds To and Cc without own addresses, repeats or the To', () => {
    expect(replyRecipients(source(), 'replyAll', [me, 'alias@example.test'])).toEqual({
      to: [{ name: 'Ann Lee', address: 'ann@example.org' }],
      cc: [
        { name: 'Bo', address: 'bo@example.org' },
        { name: '', address: 'cat@example.org' },
      ],
    });
  });

  it('answers a message the user sent to its original recipients', () => {
    const sent = source({
      from: { name: 'Me', address: me },
      to: [{ name: 'Bo', address: 'bo@example.org' }],
    });
    expect(replyRecipients(sent, 'reply', [me])).toEqual({
      to: [{ name: 'Bo', address: 'bo@example.org' }],
      cc: [],
    });
    expect(replyRecipients(sent, 'replyAll', [me]).cc).toEqual([
      { name: '', address: 'cat@example.org' },
      { name: 'Ann again', address: 'ann@example.org' },
    ]);
  });

  it('copes with a message without From', () => {
    expect(replyRecipients(source({ from: null }), 'reply', [me]).to).toEqual([]);
  });
});

describe('quotePlain', () => {
  it('prefixes every line, deepening existing quotes', () => {
    expect(quotePlain('a\r\n\r\n> b\n')).toBe('> a\n>\n>> b');
  });
});

describe('composeReply', () => {
  it('quotes the plain original under "On <date>, <name> wrote:"', () => {
    const reply = composeReply(source(), 'reply', [me], utc);
    expect(reply.subject).toBe('Re: Plans');
    expect(reply.text).toBe(
      '\n\nOn 2024-01-02 10:00, Ann Lee <ann@example.org> wrote:\n> Line one\n>\n> Line two\n>> earlier',
    );
    expect(reply.html).toContain('<div>On 2024-01-02 10:00, Ann Lee &lt;ann@example.org&gt; wrote:</div>');
    expect(reply.html).toContain(
      '<blockquote type="cite">Line one<br><br>Line two<br>&gt; earlier<br></blockquote>',
    );
    expect(reply.forwardedAttachments).toEqual([]);
  });

  it('puts the original HTML in the blockquote without API-relative images', () => {
    const reply = composeReply(
      source({
        html: '<p>Hi <b>there</b><img src="/users/u/mailboxes/m/messages/1/attachments/ATT00002"></p>',
      }),
      'replyAll',
      [me],
      utc,
    );
    expect(reply.html).toContain('<blockquote type="cite"><p>Hi <b>there</b></p></blockquote>');
    expect(reply.cc).toHaveLength(2);
  });

  it('forwards with the header block, no recipients and the real attachments', () => {
    const forward = composeReply(source(), 'forward', [me], utc);
    expect(forward.to).toEqual([]);
    expect(forward.subject).toBe('Fwd: Plans');
    expect(forward.text).toBe(
      [
        '',
        '',
        '---------- Forwarded message ---------',
        'From: Ann Lee <ann@example.org>',
        'Date: 2024-01-02 10:00',
        'Subject: Plans',
        'To: Me <ME@example.test>, Bo <bo@example.org>',
        'Cc: cat@example.org, Ann again <ann@example.org>',
        '',
        'Line one\n\nLine two\n> earlier\n',
      ].join('\n'),
    );
    expect(forward.html).toContain(
      '---------- Forwarded message ---------<br>From: Ann Lee &lt;ann@example.org&gt;',
    );
    expect(forward.forwardedAttachments.map((attachment) => attachment.id)).toEqual(['ATT00001']);
  });
});
