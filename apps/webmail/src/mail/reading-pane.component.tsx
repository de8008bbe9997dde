'use client';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { useCompose } from '../compose/compose-provider.component';
import { MailMessageDocument, type MailMessageQuery } from '../graphql/generated';
import { AttachmentList } from './attachment-list.component';
import { formatFullDate } from './format-date';
import { alwaysShowsImages, rememberImages } from './image-consent';
import { MessageBodyFrame } from './message-body-frame.component';
import { MessageText } from './message-text.component';

export type OpenMessage = MailMessageQuery['message'];

interface Address {
  name: string;
  address: string;
}

const formatAddress = (entry: Address): string =>
  entry.name ? `${entry.name} <${entry.address}>` : entry.address;

function AddressLine({ label, list }: { label: string; list: Address[] }) {
  if (!list.length) return null;
  return (
    <div className="header-line">
      <span className="muted">{label}</span> {list.map(formatAddress).join(', ')}
    </div>
  );
}

export interface ReadingPaneProps {
  messageId: string;
  onClose: () => void;
  /** Called once the message is shown (and marked seen). */
  onLoaded: (message: OpenMessage) => void;
}

export function ReadingPane({ messageId, onClose, onLoaded }: ReadingPaneProps) {
  const { openCompose } = useCompose();
  const [message, setMessage] = useState<OpenMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [images, setImages] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const load = useCallback(
    async (withImages: boolean, signal: AbortSignal) => {
      try {
        const data = await graphqlRequest(
          MailMessageDocument,
          { id: messageId, markAsSeen: true, images: withImages },
          { signal },
        );
        const sender = data.message.from?.address;
        if (!withImages && data.message.remoteImages > 0 && alwaysShowsImages(sender)) {
          setImages(true);
          return;
        }
        setMessage(data.message);
        setError(null);
        onLoaded(data.message);
      } catch (failure) {
        if (!signal.aborted) setError(errorMessage(failure));
      }
    },
    [messageId, onLoaded],
  );

  useEffect(() => {
    setImages(false);
    setMessage(null);
  }, [messageId]);

  useEffect(() => {
    const controller = new AbortController();
    void load(images, controller.signal);
    return () => controller.abort();
  }, [load, images, attempt]);

  const sender = message?.from?.address;
  return (
    <article className="reading-pane" data-testid="reading-pane" aria-label="Message">
      <div className="reading-bar">
        <button type="button" className="back-button" onClick={onClose} aria-label="Back to the list">
          ← Back
        </button>
      </div>
      {error && (
        <div className="error-banner" role="alert">
          The message could not be loaded: {error}{' '}
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Retry
          </button>
        </div>
      )}
      {!message && !error && <div className="muted pad">Loading…</div>}
      {message && message.id === messageId && (
        <>
          <header className="message-header">
            <h2 data-testid="message-subject">{message.subject || '(no subject)'}</h2>
            <div className="header-line">
              <span className="muted">From</span> {message.from ? formatAddress(message.from) : '(no sender)'}
              {message.flagged && (
                <span className="flag-badge" aria-label="Starred">
                  {' '}
                  ★
                </span>
              )}
            </div>
            <AddressLine label="To" list={message.to} />
            <AddressLine label="Cc" list={message.cc} />
            <div className="header-line muted">
              <time dateTime={message.date}>{formatFullDate(message.date)}</time>
              {message.mailbox && (
                <span> · {message.mailbox.path === 'INBOX' ? 'Inbox' : message.mailbox.path}</span>
              )}
            </div>
            <div className="reply-actions">
              <button
                type="button"
                data-testid="action-reply"
                onClick={() => openCompose({ kind: 'reply', messageId })}
              >
                Reply
              </button>
              <button
                type="button"
                data-testid="action-reply-all"
                onClick={() => openCompose({ kind: 'replyAll', messageId })}
              >
                Reply all
              </button>
              <button
                type="button"
                data-testid="action-forward"
                onClick={() => openCompose({ kind: 'forward', messageId })}
              >
                Forward
              </button>
            </div>
          </header>
          {message.remoteImages > 0 && !images && (
            <div className="image-bar" role="status">
              {message.remoteImages} remote image{message.remoteImages === 1 ? '' : 's'} blocked —{' '}
              <button type="button" data-testid="show-images" onClick={() => setImages(true)}>
                Show images
              </button>
              {sender && (
                <button
                  type="button"
                  onClick={() => {
                    rememberImages(sender);
                    setImages(true);
                  }}
                >
                  Always for {sender}
                </button>
              )}
            </div>
          )}
          <AttachmentList attachments={message.attachments.filter((attachment) => !attachment.related)} />
          <div className="message-body">
            {message.html ? (
              <MessageBodyFrame html={message.html} remoteImages={images} title={message.subject} />
            ) : (
              <MessageText text={message.text} />
            )}
          </div>
        </>
      )}
    </article>
  );
}
