'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useCompose } from '../compose/compose-provider.component';
import { parseSearchQuery } from '../search/search-query.parser';
import { findInbox, folderLabel } from './folder-tree';
import { FolderList } from './folder-list.component';
import { KeyboardHelp } from './keyboard-help.component';
import { useKeyboardShortcuts } from './keyboard-shortcuts.hook';
import { useMailActions } from './mail-actions.hook';
import { MailToolbar } from './mail-toolbar.component';
import type { ListFilter, MessageItem } from './mail-types';
import { MessageList } from './message-list.component';
import { indexOfMessage, patchMessages } from './message-window';
import { ReadingPane, type OpenMessage } from './reading-pane.component';
import { searchVariables } from './search-criteria';
import { clickSelection, emptySelection, toggleSelection, type Selection } from './selection';
import { ThreadList } from './thread-list.component';
import { TopBar } from './top-bar.component';
import { UndoToast } from './undo-toast.component';
import { useFolders } from './use-folders.hook';
import { useLiveMail } from './use-live-mail.hook';
import { useMailUrl } from './use-mail-url.hook';
import { useMessageList, type ListSource } from './use-message-list.hook';

const FILTERS: { value: ListFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'starred', label: 'Starred' },
];

export function MailApp() {
  const [url, setUrl] = useMailUrl();
  const folders = useFolders();
  const { openCompose } = useCompose();
  const [filter, setFilter] = useState<ListFilter>('all');
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [focusIndex, setFocusIndex] = useState(0);
  const [help, setHelp] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [threadsKey, setThreadsKey] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const currentFolder = folders.folders.find((folder) => folder.id === url.box) ?? findInbox(folders.folders);
  const boxId = currentFolder?.id ?? null;
  const searching = !!url.q;
  const parsed = useMemo(() => (searching ? parseSearchQuery(url.q ?? '') : null), [searching, url.q]);
  // Folder objects change with every counter update; a search only depends on which folders exist.
  const folderNames = folders.folders
    .map((folder) => `${folder.id}\t${folder.path}\t${folder.specialUse ?? ''}`)
    .join('\n');
  const resolved = useMemo(
    () => (parsed ? searchVariables(parsed.criteria, folders.folders) : null),
    [parsed, folderNames], // folderNames stands for folders.folders
  );
  // Only whether folders have loaded matters here: a folder created on the way (Archive, on the first
  // archive) must not count as a new list, which would reload it and drop the keyboard cursor.
  const foldersLoaded = folders.folders.length > 0;
  const source = useMemo<ListSource | null>(() => {
    if (resolved) return foldersLoaded ? { kind: 'search', variables: resolved.variables } : null;
    return boxId ? { kind: 'folder', mailboxId: boxId, filter } : null;
  }, [resolved, boxId, filter, foldersLoaded]);
  const list = useMessageList(source);
  const { window } = list;

  useEffect(() => {
    setSelection(emptySelection);
    setFocusIndex(0);
  }, [source]);

  const onRemoved = useCallback(
    (ids: ReadonlySet<string>) => {
      setSelection((current) => ({
        ids: new Set([...current.ids].filter((id) => !ids.has(id))),
        anchor: null,
      }));
      if (url.msg && ids.has(url.msg)) setUrl({ msg: null });
    },
    [url.msg, setUrl],
  );
  const actions = useMailActions(list, folders, searching ? undefined : currentFolder, onRemoved);
  useLiveMail(folders, list, searching ? null : boxId, () => setThreadsKey((n) => n + 1));

  const unread = currentFolder?.unseen ?? 0;
  const title = searching ? 'Search' : currentFolder ? folderLabel(currentFolder) : 'Mail';
  useEffect(() => {
    document.title = `${title}${!searching && unread > 0 ? ` (${unread})` : ''} – Eider`;
  }, [title, unread, searching]);

  const folderPaths = useMemo(
    () => new Map(folders.folders.map((f) => [f.id, folderLabel(f)])),
    [folders.folders],
  );
  const folderNameOf = useCallback(
    (item: MessageItem) =>
      item.mailbox ? (folderPaths.get(item.mailbox.id) ?? item.mailbox.path) : undefined,
    [folderPaths],
  );

  const targets = useMemo(() => {
    if (selection.ids.size) return [...selection.ids];
    if (url.msg) return [url.msg];
    const focused = window.rows.get(focusIndex);
    return focused ? [focused.id] : [];
  }, [selection.ids, url.msg, window.rows, focusIndex]);
  const targetItems = targets
    .map((id) => window.rows.get(indexOfMessage(window, id)))
    .filter((item) => item !== undefined);
  const allSeen = targetItems.length > 0 && targetItems.every((item) => item.seen);
  const allFlagged = targetItems.length > 0 && targetItems.every((item) => item.flagged);

  const openAt = useCallback(
    (index: number) => {
      const item = window.rows.get(index);
      if (!item) return;
      setFocusIndex(index);
      setUrl({ msg: item.id });
    },
    [window.rows, setUrl],
  );
  const closeMessage = useCallback(() => {
    setUrl({ msg: null });
    requestAnimationFrame(() => listRef.current?.focus());
  }, [setUrl]);

  const onRowClick = useCallback(
    (index: number, item: MessageItem, event: MouseEvent) => {
      const modifiers = { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey };
      setSelection((current) =>
        clickSelection(current, index, item.id, modifiers, (at) => window.rows.get(at)?.id),
      );
      setFocusIndex(index);
      if (!modifiers.toggle && !modifiers.range) setUrl({ msg: item.id });
    },
    [window.rows, setUrl],
  );
  const onCheck = useCallback(
    (index: number, item: MessageItem) => setSelection((current) => toggleSelection(current, index, item.id)),
    [],
  );
  const onStar = useCallback(
    (item: MessageItem) => void actions.setFlagged([item.id], !item.flagged),
    [actions],
  );
  const dragIds = useCallback(
    (item: MessageItem) => (selection.ids.has(item.id) ? [...selection.ids] : [item.id]),
    [selection.ids],
  );

  const onLoaded = useCallback(
    (message: OpenMessage) => {
      const row = list.window.rows.get(indexOfMessage(list.window, message.id));
      if (row && !row.seen) {
        list.setWindow((current) => patchMessages(current, new Set([message.id]), { seen: true }));
        folders.adjustUnseen(message.id.slice(0, message.id.indexOf(':')), -1);
      }
    },
    [list, folders],
  );

  const openFolder = (id: string) => {
    setMenuOpen(false);
    setFilter('all');
    setUrl({ box: id, msg: null, q: null });
  };
  const move = (delta: number) => {
    const next = Math.min(Math.max(0, focusIndex + delta), Math.max(0, window.loaded - 1));
    if (url.msg) openAt(next);
    else setFocusIndex(next);
  };

  useKeyboardShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    open: () => openAt(focusIndex),
    back: closeMessage,
    reply: () => url.msg && openCompose({ kind: 'reply', messageId: url.msg }),
    replyAll: () => url.msg && openCompose({ kind: 'replyAll', messageId: url.msg }),
    forward: () => url.msg && openCompose({ kind: 'forward', messageId: url.msg }),
    archive: () => targets.length && void actions.archive(targets),
    remove: () => targets.length && void actions.remove(targets),
    star: () => targets.length && void actions.setFlagged(targets, !allFlagged),
    focusSearch: () => searchRef.current?.focus(),
    compose: () => openCompose({ kind: 'new' }),
    goInbox: () => {
      const inbox = findInbox(folders.folders);
      if (inbox) openFolder(inbox.id);
    },
    help: () => setHelp(true),
    escape: () => {
      if (help) setHelp(false);
      else if (menuOpen) setMenuOpen(false);
    },
  });

  return (
    <div
      className="mail-app"
      data-pane={url.msg ? 'message' : 'list'}
      data-menu={menuOpen ? 'open' : 'closed'}
    >
      <TopBar
        searchRef={searchRef}
        initialQuery={url.q ?? ''}
        onSearch={(line) => setUrl({ q: line, msg: null })}
        onClearSearch={() => setUrl({ q: null, msg: null })}
        onCompose={() => openCompose({ kind: 'new' })}
        onMenu={() => setMenuOpen((open) => !open)}
      />
      <div className="mail-body">
        <aside className="folders-pane">
          <FolderList
            folders={folders.folders}
            currentId={searching ? null : boxId}
            error={folders.error}
            onRetry={() => void folders.reload()}
            onOpen={(folder) => openFolder(folder.id)}
            onDropMessages={(ids, target) => void actions.moveTo(ids, target)}
          />
        </aside>
        <div className="content">
          <MailToolbar
            count={targets.length}
            allSeen={allSeen}
            allFlagged={allFlagged}
            folders={folders.folders}
            onReadToggle={() => void actions.setSeen(targets, !allSeen)}
            onStar={() => void actions.setFlagged(targets, !allFlagged)}
            onArchive={() => void actions.archive(targets)}
            onDelete={() => void actions.remove(targets)}
            onSpam={() => void actions.spam(targets)}
            onMove={(target) => void actions.moveTo(targets, target)}
          />
          {actions.error && (
            <div className="error-banner" role="alert">
              {actions.error}{' '}
              <button type="button" onClick={actions.clearError}>
                Dismiss
              </button>
            </div>
          )}
          <div className="panes">
            <section className="list-pane" aria-label={title}>
              <div className="list-header">
                <h1 className="list-title">{title}</h1>
                {!searching && !url.threads && (
                  <div className="filters" role="group" aria-label="Show">
                    {FILTERS.map(({ value, label }) => (
                      <button
                        key={value}
                        type="button"
                        aria-pressed={filter === value}
                        onClick={() => setFilter(value)}
                      >
                        {label}
                      </button>
                    ))}
                  </div>
                )}
                {!searching && (
                  <button
                    type="button"
                    data-testid="conversation-toggle"
                    aria-pressed={url.threads}
                    onClick={() => setUrl({ threads: !url.threads, msg: null })}
                  >
                    Conversations
                  </button>
                )}
              </div>
              {searching && (
                <p className="search-info" role="status">
                  {window.hasNext ? `${window.total}+` : window.total} result{window.total === 1 ? '' : 's'}{' '}
                  for “{url.q}”{' '}
                  <button type="button" onClick={() => setUrl({ q: null, msg: null })}>
                    Clear search
                  </button>
                </p>
              )}
              {[...(parsed?.problems ?? []), ...(resolved?.problems ?? [])].map((problem) => (
                <p key={problem} className="warning-banner" role="alert">
                  {problem}
                </p>
              ))}
              {list.error && (
                <div className="error-banner" role="alert">
                  Messages could not be loaded: {list.error}{' '}
                  <button type="button" onClick={list.reload}>
                    Retry
                  </button>
                </div>
              )}
              {url.threads && !searching && boxId ? (
                <ThreadList
                  mailboxId={boxId}
                  openId={url.msg}
                  onOpen={(id) => setUrl({ msg: id })}
                  refreshKey={threadsKey}
                />
              ) : (
                <>
                  {!list.loading && !list.error && window.total === 0 && (
                    <p className="muted pad">{searching ? 'No messages match.' : 'No messages here.'}</p>
                  )}
                  <MessageList
                    window={window}
                    selected={selection.ids}
                    focusIndex={focusIndex}
                    openId={url.msg}
                    label={`Messages in ${title}`}
                    listRef={listRef}
                    folderNameOf={searching ? folderNameOf : undefined}
                    ensureLoaded={list.ensureLoaded}
                    onRowClick={onRowClick}
                    onCheck={onCheck}
                    onStar={onStar}
                    onFocusIndex={setFocusIndex}
                    onOpen={openAt}
                    dragIds={dragIds}
                  />
                </>
              )}
            </section>
            <main className="reading-area">
              {url.msg ? (
                <ReadingPane key={url.msg} messageId={url.msg} onClose={closeMessage} onLoaded={onLoaded} />
              ) : (
                <p className="muted pad empty-pane">Select a message to read it.</p>
              )}
            </main>
          </div>
        </div>
      </div>
      <UndoToast toast={actions.toast} onDismiss={actions.dismissToast} />
      {help && <KeyboardHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
