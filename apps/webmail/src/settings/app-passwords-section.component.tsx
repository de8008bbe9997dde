'use client';
import { useCallback, useState, type FormEvent } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import {
  SettingsApplicationPasswordsDocument,
  SettingsCreateApplicationPasswordDocument,
  SettingsDeleteApplicationPasswordDocument,
} from '../graphql/generated';
import { useSectionData } from './section-state.hook';
import { SectionStatus } from './section-status.component';
import styles from './settings.module.css';

const SCOPES = ['imap', 'pop3', 'smtp'] as const;
const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'never');

export function AppPasswordsSection() {
  const load = useCallback(() => graphqlRequest(SettingsApplicationPasswordsDocument, {}), []);
  const { state, reload } = useSectionData(load);
  const [description, setDescription] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [created, setCreated] = useState<{ description: string; password: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!description.trim()) {
      setProblem('Describe where the password is used');
      return;
    }
    setProblem(null);
    try {
      const result = await graphqlRequest(SettingsCreateApplicationPasswordDocument, {
        description: description.trim(),
        scopes: scopes.length === 0 ? ['*'] : scopes,
      });
      setCreated({ description: description.trim(), password: result.createApplicationPassword.password });
      setCopied(false);
      setDescription('');
      setScopes([]);
      reload();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const remove = async (id: string, label: string) => {
    if (!window.confirm(`Delete the application password “${label}”? Logins with it stop at once.`)) return;
    try {
      await graphqlRequest(SettingsDeleteApplicationPasswordDocument, { id });
      reload();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.password);
      setCopied(true);
    } catch {
      setProblem('Copying is not allowed here: select the password and copy it by hand');
    }
  };

  return (
    <section className={styles.section} aria-labelledby="settings-asp-title" data-testid="settings-asp">
      <h2 id="settings-asp-title">Application passwords</h2>
      <p className={styles.muted}>
        For mail programs (IMAP, POP3, SMTP) that should not know your account password.
      </p>
      <SectionStatus state={state} onRetry={reload} testId="settings-asp-error" />
      {created && (
        <div role="status" className={styles.item} data-testid="settings-asp-created">
          <span>
            Password for “{created.description}” (shown only now):{' '}
            <code className={styles.password} data-testid="settings-asp-password">
              {created.password}
            </code>
          </span>
          <button type="button" data-testid="settings-asp-copy" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      {state.phase === 'ready' && (
        <ul className={styles.list}>
          {state.data.applicationPasswords.length === 0 && (
            <li className={styles.muted}>No application passwords.</li>
          )}
          {state.data.applicationPasswords.map((asp) => (
            <li key={asp.id} className={styles.item} data-testid="settings-asp-item" data-asp-id={asp.id}>
              <span className={styles.grow}>
                <strong>{asp.description}</strong>{' '}
                <span className={styles.muted}>({asp.scopes.join(', ')})</span>
                <br />
                <span className={styles.muted}>
                  Created {when(asp.created)} · last used {when(asp.lastUsed ?? null)}
                </span>
              </span>
              <button
                type="button"
                data-testid="settings-asp-delete"
                onClick={() => void remove(asp.id, asp.description)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className={styles.row}
        onSubmit={(event) => void create(event)}
        aria-label="New application password"
      >
        <input
          className={styles.input}
          data-testid="settings-asp-description"
          placeholder="e.g. Phone"
          aria-label="Description"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
        {SCOPES.map((scope) => (
          <label key={scope} className={styles.inline}>
            <input
              type="checkbox"
              data-testid={`settings-asp-scope-${scope}`}
              checked={scopes.includes(scope)}
              onChange={(event) =>
                setScopes((current) =>
                  event.target.checked ? [...current, scope] : current.filter((entry) => entry !== scope),
                )
              }
            />
            {scope.toUpperCase()}
          </label>
        ))}
        <span className={styles.muted}>(none ticked: all)</span>
        <button type="submit" data-testid="settings-asp-create">
          Create
        </button>
      </form>
      {problem && (
        <p role="alert" className={styles.error} data-testid="settings-asp-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
