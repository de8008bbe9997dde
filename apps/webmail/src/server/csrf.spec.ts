import { checkCsrf, newCsrfToken } from './csrf';

const token = 'a'.repeat(32);

describe('checkCsrf', () => {
  it('accepts a matching header and cookie from the same origin', () => {
    expect(
      checkCsrf({ cookie: token, header: token, origin: 'http://mail.test:3000', host: 'mail.test:3000' }),
    ).toEqual({
      ok: true,
    });
    expect(checkCsrf({ cookie: token, header: token, origin: null, host: 'mail.test' }).ok).toBe(true);
  });

  it('refuses a missing or different header', () => {
    expect(checkCsrf({ cookie: token, header: null, origin: null, host: 'h' }).ok).toBe(false);
    expect(checkCsrf({ cookie: token, header: 'b'.repeat(32), origin: null, host: 'h' }).ok).toBe(false);
    expect(checkCsrf({ cookie: undefined, header: token, origin: null, host: 'h' }).ok).toBe(false);
    expect(checkCsrf({ cookie: 'short', header: 'short', origin: null, host: 'h' }).ok).toBe(false);
  });

  it('refuses another or a malformed Origin', () => {
    expect(
      checkCsrf({ cookie: token, header: token, origin: 'https://evil.test', host: 'mail.test' }).ok,
    ).toBe(false);
    expect(checkCsrf({ cookie: token, header: token, origin: 'null', host: 'mail.test' }).ok).toBe(false);
  });

  it('makes 32 hex characters', () => {
    expect(newCsrfToken()).toMatch(/^[0-9a-f]{32}$/);
  });
});
