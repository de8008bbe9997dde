import { checkAutoreply, checkForward, loopTokenFor, loopTokensIn, LOOP_HEADER } from './loop-detector';

const h = (key: string, value: string) => ({ key: key.toLowerCase(), value });

describe('loop tokens', () => {
  it('is stable per address, case- and NFC-insensitive, and differs between addresses', () => {
    expect(loopTokenFor('José@Example.com')).toBe(loopTokenFor('jose\u0301@example.com'));
    expect(loopTokenFor('a@example.com')).not.toBe(loopTokenFor('b@example.com'));
    expect(loopTokenFor('a@example.com')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('collects tokens from every loop header', () => {
    const tokens = loopTokensIn([h(LOOP_HEADER, 'AAA bbb'), h('x-other', 'ccc'), h(LOOP_HEADER, 'ddd')]);
    expect([...tokens].sort()).toEqual(['aaa', 'bbb', 'ddd']);
  });
});

describe('checkForward', () => {
  it('refuses a message that already carries this address token', () => {
    const headers = [h(LOOP_HEADER, loopTokenFor('user@example.com'))];
    expect(checkForward(headers, 'USER@example.com')).toEqual({ allowed: false, reason: 'loop-header' });
  });

  it('forwards list mail and messages marked for other addresses', () => {
    const headers = [h('List-Id', '<x.example>'), h(LOOP_HEADER, loopTokenFor('other@example.com'))];
    expect(checkForward(headers, 'user@example.com')).toEqual({ allowed: true });
  });
});

describe('checkAutoreply', () => {
  const me = 'me@example.com';
  it('answers ordinary mail', () => {
    expect(checkAutoreply([h('Subject', 'hi'), h('Auto-Submitted', 'no')], me, 'you@example.org')).toEqual({
      allowed: true,
    });
  });

  it.each([
    [[h('Auto-Submitted', 'auto-replied')], 'you@example.org', 'auto-submitted'],
    [[h('Auto-Submitted', 'auto-generated (vacation)')], 'you@example.org', 'auto-submitted'],
    [[h('Precedence', 'Bulk')], 'you@example.org', 'precedence'],
    [[h('Precedence', 'junk')], 'you@example.org', 'precedence'],
    [[h('Precedence', 'list')], 'you@example.org', 'precedence'],
    [[h('List-Unsubscribe', '<mailto:x@y>')], 'you@example.org', 'list-header'],
    [[h('List-Id', '<a.b>')], 'you@example.org', 'list-header'],
    [[h(LOOP_HEADER, loopTokenFor(me))], 'you@example.org', 'loop-header'],
    [[], '', 'null-sender'],
    [[], 'MAILER-DAEMON@example.org', 'mailer-daemon'],
    [[], 'owner-list@example.org', 'mailer-daemon'],
    [[], 'list-request@example.org', 'mailer-daemon'],
  ] as const)('refuses %j from %j (%s)', (headers, sender, reason) => {
    expect(checkAutoreply(headers, me, sender)).toEqual({ allowed: false, reason });
  });

  it('ignores precedence values that are not bulk, list or junk', () => {
    expect(checkAutoreply([h('Precedence', 'first-class')], me, 'you@example.org').allowed).toBe(true);
  });
});
