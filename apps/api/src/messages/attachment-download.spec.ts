import { contentDisposition, safeContentType, safeFilename } from './attachment-download';

describe('safeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system.ini', 'system.ini'],
    ['report.pdf', 'report.pdf'],
    ['a"b".txt', 'a_b_.txt'],
    ['line\r\nInjected: yes.txt', 'line__Injected_ yes.txt'],
    ['...hidden', 'hidden'],
    ['..', 'fallback'],
    ['', 'fallback'],
    [null, 'fallback'],
    ['evil\u202egnp.exe', 'evil_gnp.exe'],
    ['résumé.pdf', 'résumé.pdf'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFilename(input, 'fallback')).toBe(expected);
  });

  it('caps the length', () => {
    expect([...safeFilename('x'.repeat(1000), 'f')]).toHaveLength(200);
  });
});

describe('contentDisposition', () => {
  it('uses a quoted filename for plain ASCII', () => {
    expect(contentDisposition('attachment', 'report.pdf')).toBe('attachment; filename="report.pdf"');
  });

  it('adds an RFC 5987 filename* for anything else', () => {
    expect(contentDisposition('attachment', "résumé (1)'s.pdf")).toBe(
      `attachment; filename="r_sum_ (1)'s.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29%27s.pdf`,
    );
  });
});

describe('safeContentType', () => {
  it.each([
    ['image/PNG', 'image/png'],
    ['application/vnd.ms-excel', 'application/vnd.ms-excel'],
    ['text/html\r\nX-Evil: 1', 'application/octet-stream'],
    ['nonsense', 'application/octet-stream'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeContentType(input)).toBe(expected);
  });
});
