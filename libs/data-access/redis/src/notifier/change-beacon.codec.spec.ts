import { decodeChangeBeacon, encodeChangeBeacon } from './change-beacon.codec';

describe('change beacon codec', () => {
  it('round-trips a beacon and drops unknown fields', () => {
    const wire = encodeChangeBeacon({ mailbox: 'abc', modseq: 3, kind: 'flags', extra: 1 } as never);
    expect(JSON.parse(wire)).toEqual({ mailbox: 'abc', modseq: 3, kind: 'flags' });
    expect(decodeChangeBeacon(wire)).toEqual({ mailbox: 'abc', modseq: 3, kind: 'flags' });
    expect(decodeChangeBeacon('{"mailbox":"abc","modseq":0,"x":[1]}')).toEqual({ mailbox: 'abc', modseq: 0 });
  });

  it.each([
    '',
    'x',
    'null',
    '{}',
    '{"mailbox":"a"}',
    '{"mailbox":"a","modseq":1e300}',
    `"${'a'.repeat(600)}"`,
  ])('ignores %j', (payload) => {
    expect(decodeChangeBeacon(payload)).toBeUndefined();
  });

  it('refuses to encode an invalid beacon', () => {
    expect(() => encodeChangeBeacon({ mailbox: 'a', modseq: -1 })).toThrow(TypeError);
  });
});
