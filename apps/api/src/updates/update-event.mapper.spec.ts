import { formatServerSentEvent, updateEventOf } from './update-event.mapper';

const change = {
  id: '65f000000000000000000001',
  mailbox: '65f0000000000000000000aa',
  modseq: 7,
  created: new Date(),
};

describe('update events', () => {
  it('names journal kinds with WildDuck commands', () => {
    expect(
      updateEventOf({
        type: 'change',
        cursor: change.id,
        change: { ...change, kind: 'exists', uid: 3, message: 'm' },
      }),
    ).toEqual({
      name: 'exists',
      payload: { command: 'EXISTS', mailbox: change.mailbox, message: 'm', uid: 3, modseq: 7 },
    });
    expect(
      updateEventOf({
        type: 'change',
        cursor: change.id,
        change: { ...change, kind: 'flags', uid: 3, flags: ['\\Seen'] },
      }).payload,
    ).toMatchObject({ command: 'FETCH', flags: ['\\Seen'] });
    expect(
      updateEventOf({ type: 'change', cursor: change.id, change: { ...change, kind: 'expunge', uid: 3 } })
        .name,
    ).toBe('expunge');
  });

  it('formats one SSE frame with the cursor as id and a single data line', () => {
    const frame = formatServerSentEvent({
      type: 'change',
      cursor: change.id,
      change: { ...change, kind: 'flags', uid: 1, flags: ['line\nbreak'] },
    });
    expect(frame.startsWith(`id: ${change.id}\nevent: flags\ndata: {`)).toBe(true);
    expect(frame.endsWith('}\n\n')).toBe(true);
    expect(frame.split('\n')).toHaveLength(5);
  });

  it('turns a reset into a RESET event', () => {
    expect(formatServerSentEvent({ type: 'reset', reason: 'expired', cursor: change.id })).toBe(
      `id: ${change.id}\nevent: reset\ndata: {"command":"RESET","reason":"expired"}\n\n`,
    );
  });
});
