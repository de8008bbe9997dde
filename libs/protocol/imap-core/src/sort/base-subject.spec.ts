import { extractBaseSubject } from './base-subject';

describe('extractBaseSubject (RFC 5256 section 2.1)', () => {
  it.each([
    ['Re: [list] Fwd: Re: subject (fwd)', 'subject', true],
    ['subject', 'subject', false],
    ['  subject  ', 'subject', false],
    ['hello\t  \r\n world', 'hello world', false],
    ['Re: Re: RE: re: x', 'x', true],
    ['Fw: x', 'x', true],
    ['FWD : x', 'x', true],
    ['fwd:x', 'x', true],
    ['Re[2]: x', 'x', true],
    ['Re [list]: x', 'x', true],
    ['[a][b] Re: x', 'x', true],
    ['[list] subject', 'subject', false],
    ['[a] [b]', '[b]', false],
    ['[list]', '[list]', false],
    ['[list]   ', '[list]', false],
    ['Re: [list]', '[list]', true],
    ['Re:', '', true],
    ['', '', false],
    ['   ', '', false],
    ['Rex: hello', 'Rex: hello', false],
    ['Fwx: hello', 'Fwx: hello', false],
    ['Re hello', 'Re hello', false],
    ['hello(FWD)', 'hello', true],
    ['hello (fwd) (fwd)  ', 'hello', true],
    ['hello (fwd) world', 'hello (fwd) world', false],
    ['[fwd: Re: hello]', 'hello', true],
    ['[Fwd: [fwd: x]]', 'x', true],
    ['Re: [fwd: x] (fwd)', 'x', true],
    ['[fwd: x] tail', 'tail', false],
    ['[fwd:]', '', true],
    ['[fwd: x', '[fwd: x', false],
    ['[unclosed Re: x', '[unclosed Re: x', false],
    ['Re: Grüße aus Köln', 'Grüße aus Köln', true],
  ])('%j -> %j (reply/forward %s)', (input, subject, replyOrForward) => {
    expect(extractBaseSubject(input)).toEqual({ subject, replyOrForward });
  });

  it('keeps case: the comparison, not the extraction, ignores it', () => {
    expect(extractBaseSubject('RE: Hello World').subject).toBe('Hello World');
  });

  it('stays fast on hostile input', () => {
    const started = Date.now();
    expect(extractBaseSubject('Re: '.repeat(100_000)).subject).toBe('');
    expect(extractBaseSubject('['.repeat(100_000)).subject.length).toBeGreaterThan(0);
    expect(extractBaseSubject('[x]'.repeat(1000)).subject).toBe('[x]');
    expect(extractBaseSubject('[x] '.repeat(100_000)).subject).toBe('[x]');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
