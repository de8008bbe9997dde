'use client';
// The create/edit form of one filter: the conditions of FilterQueryInput and the actions of FilterActionInput.
import { useState, type FormEvent } from 'react';
import { filterInputFrom, type FilterFormValues, type TriState } from './filter-form';
import type { CreateFilterInput } from '../graphql/generated';
import styles from './settings.module.css';

interface FilterEditorProps {
  initial: FilterFormValues;
  mailboxes: { id: string; path: string }[];
  onSave: (input: CreateFilterInput) => Promise<void>;
  onCancel: () => void;
}

const TEXT_CONDITIONS = [
  ['from', 'From contains'],
  ['to', 'To or Cc contains'],
  ['subject', 'Subject contains'],
  ['listId', 'List-ID contains'],
  ['text', 'Body text contains'],
] as const;

const TRI_ACTIONS: { key: 'seen' | 'flag' | 'spam'; label: string; on: string; off: string }[] = [
  { key: 'seen', label: 'Read state', on: 'Mark as read', off: 'Mark as unread' },
  { key: 'flag', label: 'Star', on: 'Star it', off: 'Remove the star' },
  { key: 'spam', label: 'Spam', on: 'File as spam', off: 'Never spam' },
];

export function FilterEditor({ initial, mailboxes, onSave, onCancel }: FilterEditorProps) {
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof FilterFormValues>(key: K, value: FilterFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = filterInputFrom(values);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await onSave(result.input);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Saving failed');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} data-testid="settings-filter-form" aria-label="Filter">
      <div className={styles.grid}>
        <label>
          Name
          <input
            className={styles.input}
            data-testid="settings-filter-name"
            value={values.name}
            onChange={(event) => set('name', event.target.value)}
          />
        </label>
        <label className={styles.inline}>
          <input
            type="checkbox"
            data-testid="settings-filter-disabled"
            checked={values.disabled}
            onChange={(event) => set('disabled', event.target.checked)}
          />
          Disabled
        </label>
      </div>
      <fieldset className={styles.fieldset}>
        <legend>When a message matches all of</legend>
        <div className={styles.grid}>
          {TEXT_CONDITIONS.map(([key, label]) => (
            <label key={key}>
              {label}
              <input
                className={styles.input}
                data-testid={`settings-filter-${key}`}
                value={values[key]}
                onChange={(event) => set(key, event.target.value)}
              />
            </label>
          ))}
          <label>
            Attachments
            <select
              data-testid="settings-filter-has-attachments"
              value={values.hasAttachments}
              onChange={(event) =>
                set('hasAttachments', event.target.value as FilterFormValues['hasAttachments'])
              }
            >
              <option value="any">Any</option>
              <option value="yes">Has attachments</option>
              <option value="no">Has none</option>
            </select>
          </label>
          <label>
            Size
            <span className={styles.inline}>
              <select
                data-testid="settings-filter-size-relation"
                value={values.sizeRelation}
                onChange={(event) =>
                  set('sizeRelation', event.target.value as FilterFormValues['sizeRelation'])
                }
              >
                <option value="any">Any</option>
                <option value="larger">Larger than</option>
                <option value="smaller">Smaller than</option>
              </select>
              <input
                className={styles.input}
                data-testid="settings-filter-size"
                inputMode="numeric"
                size={6}
                aria-label="Size in KB"
                value={values.sizeKb}
                disabled={values.sizeRelation === 'any'}
                onChange={(event) => set('sizeKb', event.target.value)}
              />
              KB
            </span>
          </label>
        </div>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Do this</legend>
        <div className={styles.grid}>
          {TRI_ACTIONS.map(({ key, label, on, off }) => (
            <label key={key}>
              {label}
              <select
                data-testid={`settings-filter-action-${key}`}
                value={values[key]}
                onChange={(event) => set(key, event.target.value as TriState)}
              >
                <option value="unchanged">Leave as is</option>
                <option value="on">{on}</option>
                <option value="off">{off}</option>
              </select>
            </label>
          ))}
          <label>
            Move to
            <select
              data-testid="settings-filter-action-mailbox"
              value={values.mailbox}
              onChange={(event) => set('mailbox', event.target.value)}
            >
              <option value="">Don’t move</option>
              {mailboxes.map((mailbox) => (
                <option key={mailbox.id} value={mailbox.id}>
                  {mailbox.path}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.inline}>
            <input
              type="checkbox"
              data-testid="settings-filter-action-delete"
              checked={values.delete}
              onChange={(event) => set('delete', event.target.checked)}
            />
            Delete it
          </label>
          <label>
            Forward to (one per line)
            <textarea
              data-testid="settings-filter-action-targets"
              rows={2}
              value={values.targets}
              onChange={(event) => set('targets', event.target.value)}
            />
          </label>
        </div>
      </fieldset>
      {problem && (
        <p role="alert" className={styles.error} data-testid="settings-filter-error">
          {problem}
        </p>
      )}
      <div className={styles.row}>
        <button type="submit" data-testid="settings-filter-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save filter'}
        </button>
        <button type="button" data-testid="settings-filter-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
