// The filter form's fields (all strings and choices, as inputs hold them) to and from the API's filter inputs.
import type { CreateFilterInput, SettingsFiltersQuery } from '../graphql/generated';

export type StoredFilter = SettingsFiltersQuery['filters'][number];

export type TriState = 'unchanged' | 'on' | 'off';

export interface FilterFormValues {
  name: string;
  disabled: boolean;
  from: string;
  to: string;
  subject: string;
  listId: string;
  text: string;
  hasAttachments: 'any' | 'yes' | 'no';
  sizeRelation: 'any' | 'larger' | 'smaller';
  /** Kilobytes, as typed. */
  sizeKb: string;
  seen: TriState;
  flag: TriState;
  spam: TriState;
  delete: boolean;
  mailbox: string;
  /** Forward targets, one per line or comma separated. */
  targets: string;
}

export const emptyFilterForm = (): FilterFormValues => ({
  name: '',
  disabled: false,
  from: '',
  to: '',
  subject: '',
  listId: '',
  text: '',
  hasAttachments: 'any',
  sizeRelation: 'any',
  sizeKb: '',
  seen: 'unchanged',
  flag: 'unchanged',
  spam: 'unchanged',
  delete: false,
  mailbox: '',
  targets: '',
});

const triState = (value: boolean | null | undefined): TriState =>
  value == null ? 'unchanged' : value ? 'on' : 'off';
const fromTriState = (value: TriState): boolean | undefined =>
  value === 'unchanged' ? undefined : value === 'on';

export const filterFormFrom = (filter: StoredFilter): FilterFormValues => {
  const { query, action } = filter;
  const size = query.size ?? 0;
  return {
    name: filter.name,
    disabled: filter.disabled,
    from: query.from ?? '',
    to: query.to ?? '',
    subject: query.subject ?? '',
    listId: query.listId ?? '',
    text: query.text ?? '',
    hasAttachments: query.hasAttachments == null ? 'any' : query.hasAttachments ? 'yes' : 'no',
    sizeRelation: size === 0 ? 'any' : size > 0 ? 'larger' : 'smaller',
    sizeKb: size === 0 ? '' : String(Math.round(Math.abs(size) / 1024)),
    seen: triState(action.seen),
    flag: triState(action.flag),
    spam: triState(action.spam),
    delete: action.delete === true,
    mailbox: action.mailbox ?? '',
    targets: (action.targets ?? []).join('\n'),
  };
};

export type FilterFormResult = { ok: true; input: CreateFilterInput } | { ok: false; problem: string };

/** The create/update input, or what keeps the form from being saved. */
export const filterInputFrom = (values: FilterFormValues): FilterFormResult => {
  const query: CreateFilterInput['query'] = {};
  for (const key of ['from', 'to', 'subject', 'listId', 'text'] as const) {
    const value = values[key].trim();
    if (value) query[key] = value;
  }
  if (values.hasAttachments !== 'any') query.hasAttachments = values.hasAttachments === 'yes';
  if (values.sizeRelation !== 'any') {
    const kb = Number(values.sizeKb);
    if (!values.sizeKb.trim() || !Number.isInteger(kb) || kb <= 0)
      return { ok: false, problem: 'Size must be a whole number of KB' };
    query.size = (values.sizeRelation === 'larger' ? 1 : -1) * kb * 1024;
  }
  if (Object.keys(query).length === 0) return { ok: false, problem: 'Add at least one condition' };

  const action: CreateFilterInput['action'] = {};
  const seen = fromTriState(values.seen);
  const flag = fromTriState(values.flag);
  const spam = fromTriState(values.spam);
  if (seen !== undefined) action.seen = seen;
  if (flag !== undefined) action.flag = flag;
  if (spam !== undefined) action.spam = spam;
  if (values.delete) action.delete = true;
  if (values.mailbox) action.mailbox = values.mailbox;
  const targets = values.targets
    .split(/[\n,]/)
    .map((target) => target.trim())
    .filter(Boolean);
  if (targets.length > 20) return { ok: false, problem: 'At most 20 forward targets' };
  if (targets.length > 0) action.targets = targets;
  if (Object.keys(action).length === 0) return { ok: false, problem: 'Add at least one action' };

  return { ok: true, input: { name: values.name.trim(), disabled: values.disabled, query, action } };
};
