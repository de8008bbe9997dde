import { baseSubject, buildThreadKey } from './thread-key.helper';

describe('RFC 5256 base subject', () => {
  it.each([
    ['Re: hello', 'hello'],
    ['RE: Re: Fwd: hello', 'hello'],
    ['Re[2]: hello', 'hello'],
    ['[list] Re: [other] hello', 'hello'],
    ['hello (fwd) (FWD)  ', 'hello'],
    ['[Fwd: Re: hello]', 'hello'],
    ['  Fw:   spaced    out  ', 'spaced out'],
    ['[only a tag]', '[only a tag]'],
    ['Aw: Antwort', 'Antwort'],
    ['', ''],
  ])('%j -> %j', (subject, expected) => {
    expect(baseSubject(subject)).toBe(expected);
  });

  it('orders the reference chain with the direct parent last and drops duplicates', () => {
    expect(buildThreadKey('Re: x', '<c@x>', '<a@x>', '<a@x> <b@x> <c@x>')).toEqual({
      baseSubject: 'x',
      subjectKey: 'x',
      messageId: '<c@x>',
      references: ['<b@x>', '<a@x>'],
    });
  });
});
