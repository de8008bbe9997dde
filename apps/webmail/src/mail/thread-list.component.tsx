'use client';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { MailThreadsDocument, type MailThreadsQuery } from '../graphql/generated';
import { formatListDate } from './format-date';
import { senderLabel } from './message-row.component';

type Thread = MailThreadsQuery['threads']['edges'][number]['node'];

export interface ThreadListProps {
  mailboxId: string;
  openId: string | null;
  onOpen: (messageId: string) => void;
  /** Bumped by live updates to refetch. */
  refreshKey: number;
}

export function ThreadList({ mailboxId, openId, onOpen, refreshKey }: ThreadListProps) {
  const [threads, setThreads] = useState<Thread[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasNext, setHasNext] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const { threads: page } = await graphqlRequest(MailThreadsDocument, { mailboxId, after, first: 10 });
        const nodes = page.edges.map((edge) => edge.node);
        setThreads((current) => (after ? [...current, ...nodes] : nodes));
        setCursor(page.pageInfo.endCursor ?? null);
        setHasNext(page.pageInfo.hasNextPage);
        setError(null);
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setLoading(false);
      }
    },
    [mailboxId],
  );

  useEffect(() => {
    void load(null);
  }, [load, refreshKey]);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div
      className="thread-list"
      role="list"
      aria-label="Conversations"
      onScroll={(event) => {
        const el = event.currentTarget;
        if (hasNext && !loading && el.scrollTop + el.clientHeight > el.scrollHeight - 400) void load(cursor);
      }}
    >
      {error && (
        <div className="error-banner" role="alert">
          Conversations could not be loaded: {error}{' '}
          <button type="button" onClick={() => void load(null)}>
            Retry
          </button>
        </div>
      )}
      {!loading && !error && threads.length === 0 && <p className="muted pad">No conversations here.</p>}
      {threads.map((thread) => {
        const messages = thread.messages.edges.map((edge) => edge.node);
        const last = messages[messages.length - 1];
        const isOpen = expanded.has(thread.id);
        return (
          <div key={thread.id} role="listitem" className="thread">
            <button
              type="button"
              className={`thread-row${thread.unseenCount ? ' unread' : ''}`}
              data-testid="thread-row"
              aria-expanded={isOpen}
              onClick={() => toggle(thread.id)}
            >
              <span className="row-sender">{last ? senderLabel(last) : ''}</span>
              <span className="thread-count">{thread.messageCount}</span>
              <span className="row-subject">{thread.subject || '(no subject)'}</span>
              <time className="row-date" dateTime={thread.lastDate}>
                {formatListDate(thread.lastDate)}
              </time>
            </button>
            {isOpen && (
              <ul className="thread-messages">
                {messages.map((message) => (
                  <li key={message.id}>
                    <button
                      type="button"
                      className={`thread-message${message.seen ? '' : ' unread'}${message.id === openId ? ' open' : ''}`}
                      data-message-id={message.id}
                      onClick={() => onOpen(message.id)}
                    >
                      <span className="row-sender">{senderLabel(message)}</span>
                      <span className="row-folder">
                        {message.mailbox?.path === 'INBOX' ? 'Inbox' : message.mailbox?.path}
                      </span>
                      <span className="row-preview">{message.preview}</span>
                      <time className="row-date" dateTime={message.date}>
                        {formatListDate(message.date)}
                      </time>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
      {loading && <p className="muted pad">Loading…</p>}
    </div>
  );
}
