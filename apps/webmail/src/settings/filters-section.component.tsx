'use client';
import { useCallback, useState } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import {
  SettingsCreateFilterDocument,
  SettingsDeleteFilterDocument,
  SettingsFiltersDocument,
  SettingsUpdateFilterDocument,
  type CreateFilterInput,
} from '../graphql/generated';
import { FilterEditor } from './filter-editor.component';
import { emptyFilterForm, filterFormFrom, type StoredFilter } from './filter-form';
import { useSectionData } from './section-state.hook';
import { SectionStatus } from './section-status.component';
import styles from './settings.module.css';

/** A one-line summary of what a filter matches and does. */
const describe = (filter: StoredFilter, paths: Map<string, string>): string => {
  const { query, action } = filter;
  const when = [
    query.from && `from “${query.from}”`,
    query.to && `to “${query.to}”`,
    query.subject && `subject “${query.subject}”`,
    query.listId && `list “${query.listId}”`,
    query.text && `text “${query.text}”`,
    query.hasAttachments != null && (query.hasAttachments ? 'with attachments' : 'without attachments'),
    query.size != null &&
      query.size !== 0 &&
      `${query.size > 0 ? 'larger' : 'smaller'} than ${Math.round(Math.abs(query.size) / 1024)} KB`,
  ].filter(Boolean);
  const does = [
    action.seen != null && (action.seen ? 'mark read' : 'mark unread'),
    action.flag != null && (action.flag ? 'star' : 'unstar'),
    action.spam != null && (action.spam ? 'spam' : 'not spam'),
    action.delete && 'delete',
    action.mailbox && `move to ${paths.get(action.mailbox) ?? 'a folder'}`,
    action.targets?.length && `forward to ${action.targets.join(', ')}`,
  ].filter(Boolean);
  return `${when.join(', ')} → ${does.join(', ')}`;
};

export function FiltersSection() {
  const load = useCallback(() => graphqlRequest(SettingsFiltersDocument, {}), []);
  const { state, reload } = useSectionData(load);
  const [editing, setEditing] = useState<string | null>(null); // a filter id, or 'new'
  const [actionError, setActionError] = useState<string | null>(null);

  const save = async (input: CreateFilterInput) => {
    if (editing === 'new') await graphqlRequest(SettingsCreateFilterDocument, { input });
    else if (editing) await graphqlRequest(SettingsUpdateFilterDocument, { id: editing, input });
    setEditing(null);
    reload();
  };

  const remove = async (filter: StoredFilter) => {
    if (!window.confirm(`Delete the filter “${filter.name || 'unnamed'}”?`)) return;
    setActionError(null);
    try {
      await graphqlRequest(SettingsDeleteFilterDocument, { id: filter.id });
      reload();
    } catch (error) {
      setActionError(errorMessage(error));
    }
  };

  const data = state.phase === 'ready' ? state.data : null;
  const paths = new Map(data?.mailboxes.map((mailbox) => [mailbox.id, mailbox.path]) ?? []);
  const editedFilter = data?.filters.find((filter) => filter.id === editing);
  return (
    <section
      className={styles.section}
      aria-labelledby="settings-filters-title"
      data-testid="settings-filters"
    >
      <h2 id="settings-filters-title">Filters</h2>
      <SectionStatus state={state} onRetry={reload} testId="settings-filters-error" />
      {actionError && (
        <p role="alert" className={styles.error}>
          {actionError}
        </p>
      )}
      {data && (
        <>
          <ul className={styles.list}>
            {data.filters.length === 0 && <li className={styles.muted}>No filters yet.</li>}
            {data.filters.map((filter) => (
              <li
                key={filter.id}
                className={styles.item}
                data-testid="settings-filter"
                data-filter-id={filter.id}
              >
                <span className={styles.grow}>
                  <strong>{filter.name || 'Unnamed filter'}</strong>
                  {filter.disabled && <span className={styles.muted}> (disabled)</span>}
                  <br />
                  <span className={styles.muted}>{describe(filter, paths)}</span>
                </span>
                <button
                  type="button"
                  data-testid="settings-filter-edit"
                  onClick={() => setEditing(filter.id)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  data-testid="settings-filter-delete"
                  onClick={() => void remove(filter)}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
          {editing ? (
            <FilterEditor
              key={editing}
              initial={editedFilter ? filterFormFrom(editedFilter) : emptyFilterForm()}
              mailboxes={data.mailboxes}
              onSave={save}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <div className={styles.row}>
              <button type="button" data-testid="settings-filter-new" onClick={() => setEditing('new')}>
                New filter
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
