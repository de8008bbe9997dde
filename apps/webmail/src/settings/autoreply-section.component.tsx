'use client';
import { useCallback, useState, type FormEvent } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { RichEditor } from '../compose/rich-editor.component';
import {
  SettingsAutoreplyDocument,
  SettingsSetAutoreplyDocument,
  type SettingsAutoreplyQuery,
} from '../graphql/generated';
import { useSectionData } from './section-state.hook';
import { SectionStatus } from './section-status.component';
import styles from './settings.module.css';

// Dates are whole days: the responder answers from the start of the first to the end of the last (UTC).
const dayOf = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');
const startOfDay = (day: string): string | null => (day ? `${day}T00:00:00.000Z` : null);
const endOfDay = (day: string): string | null => (day ? `${day}T23:59:59.999Z` : null);

function AutoreplyForm({ initial }: { initial: SettingsAutoreplyQuery['autoreply'] }) {
  const [values, setValues] = useState({ ...initial, start: dayOf(initial.start), end: dayOf(initial.end) });
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (values.start && values.end && values.start > values.end) {
      setMessage({ error: true, text: 'The end must not be before the start' });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      await graphqlRequest(SettingsSetAutoreplyDocument, {
        input: {
          enabled: values.enabled,
          start: startOfDay(values.start),
          end: endOfDay(values.end),
          name: values.name,
          subject: values.subject,
          text: values.text,
          html: values.html,
        },
      });
      setMessage({ error: false, text: 'Saved' });
    } catch (error) {
      setMessage({ error: true, text: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Autoreply">
      <label className={styles.inline}>
        <input
          type="checkbox"
          data-testid="settings-autoreply-enabled"
          checked={values.enabled}
          onChange={(event) => set('enabled', event.target.checked)}
        />
        Send automatic replies
      </label>
      <div className={styles.grid}>
        <label>
          First day
          <input
            type="date"
            className={styles.input}
            data-testid="settings-autoreply-start"
            value={values.start}
            onChange={(event) => set('start', event.target.value)}
          />
        </label>
        <label>
          Last day
          <input
            type="date"
            className={styles.input}
            data-testid="settings-autoreply-end"
            value={values.end}
            onChange={(event) => set('end', event.target.value)}
          />
        </label>
        <label>
          Sender name
          <input
            className={styles.input}
            data-testid="settings-autoreply-name"
            value={values.name}
            onChange={(event) => set('name', event.target.value)}
          />
        </label>
        <label>
          Subject
          <input
            className={styles.input}
            data-testid="settings-autoreply-subject"
            placeholder="Auto: original subject"
            value={values.subject}
            onChange={(event) => set('subject', event.target.value)}
          />
        </label>
      </div>
      <label className={styles.stacked}>
        Text
        <textarea
          data-testid="settings-autoreply-text"
          rows={4}
          value={values.text}
          onChange={(event) => set('text', event.target.value)}
        />
      </label>
      <div className={styles.stacked}>
        <span>Formatted version (optional)</span>
        <div className={styles.input}>
          <RichEditor
            html={values.html}
            label="Formatted autoreply"
            testId="settings-autoreply-html"
            onChange={(html) => set('html', html)}
          />
        </div>
      </div>
      <div className={styles.row}>
        <button type="submit" data-testid="settings-autoreply-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        {message && (
          <span
            role={message.error ? 'alert' : 'status'}
            className={message.error ? styles.error : styles.muted}
            data-testid="settings-autoreply-message"
          >
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}

export function AutoreplySection() {
  const load = useCallback(() => graphqlRequest(SettingsAutoreplyDocument, {}), []);
  const { state, reload } = useSectionData(load);
  return (
    <section
      className={styles.section}
      aria-labelledby="settings-autoreply-title"
      data-testid="settings-autoreply"
    >
      <h2 id="settings-autoreply-title">Automatic reply</h2>
      <SectionStatus state={state} onRetry={reload} testId="settings-autoreply-error" />
      {state.phase === 'ready' && <AutoreplyForm initial={state.data.autoreply} />}
    </section>
  );
}
