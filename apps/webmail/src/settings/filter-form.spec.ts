import { emptyFilterForm, filterFormFrom, filterInputFrom } from './filter-form';

describe('filterInputFrom', () => {
  it('maps conditions and actions, leaving out what is unset', () => {
    expect(
      filterInputFrom({
        ...emptyFilterForm(),
        name: ' Reports ',
        from: ' reports@example.org ',
        hasAttachments: 'yes',
        sizeRelation: 'smaller',
        sizeKb: '100',
        seen: 'on',
        flag: 'off',
        mailbox: 'abc',
        targets: 'a@example.org,\nhttps://hook.example.org/x\n',
      }),
    ).toEqual({
      ok: true,
      input: {
        name: 'Reports',
        disabled: false,
        query: { from: 'reports@example.org', hasAttachments: true, size: -102400 },
        action: {
          seen: true,
          flag: false,
          mailbox: 'abc',
          targets: ['a@example.org', 'https://hook.example.org/x'],
        },
      },
    });
  });

  it('needs a condition, an action and a sensible size', () => {
    expect(filterInputFrom({ ...emptyFilterForm(), seen: 'on' })).toEqual({
      ok: false,
      problem: 'Add at least one condition',
    });
    expect(filterInputFrom({ ...emptyFilterForm(), subject: 'x' })).toEqual({
      ok: false,
      problem: 'Add at least one action',
    });
    expect(
      filterInputFrom({
        ...emptyFilterForm(),
        subject: 'x',
        delete: true,
        sizeRelation: 'larger',
        sizeKb: '1.5',
      }),
    ).toEqual({
      ok: false,
      problem: 'Size must be a whole number of KB',
    });
  });
});

describe('filterFormFrom', () => {
  it('round-trips a stored filter', () => {
    const stored = {
      id: 'f1',
      name: 'Big',
      disabled: true,
      created: '2024-01-01T00:00:00.000Z',
      query: {
        from: null,
        to: 'me',
        subject: null,
        listId: null,
        text: null,
        hasAttachments: false,
        size: 2048,
      },
      action: { seen: null, flag: true, delete: null, spam: false, mailbox: null, targets: null },
    };
    const form = filterFormFrom(stored);
    expect(form).toMatchObject({
      to: 'me',
      hasAttachments: 'no',
      sizeRelation: 'larger',
      sizeKb: '2',
      flag: 'on',
      spam: 'off',
      seen: 'unchanged',
    });
    expect(filterInputFrom(form)).toEqual({
      ok: true,
      input: {
        name: 'Big',
        disabled: true,
        query: { to: 'me', hasAttachments: false, size: 2048 },
        action: { flag: true, spam: false },
      },
    });
  });
});
