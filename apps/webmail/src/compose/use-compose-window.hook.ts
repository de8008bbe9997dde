'use client';
// One compose window's life: edits, autosave to Drafts (2 s after the last change), the session copy, send, close.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../client/graphql-client';
import {
  ComposeSaveDraftDocument,
  ComposeSendDocument,
  ComposeUpdateDraftDocument,
} from '../graphql/generated';
import {
  invalidRecipients,
  isEmptyCompose,
  recipientsOf,
  toSendInput,
  type ComposeState,
} from './compose-state';
import { xhrGraphqlRequest } from './compose-xhr';
import { removeStoredDraft, storeDraft } from './draft-storage';

export const AUTOSAVE_DELAY_MS = 2000;

export type DraftStatus =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

export interface ComposeWindowApi {
  state: ComposeState;
  update: (change: (state: ComposeState) => ComposeState, options?: { saveNow?: boolean }) => void;
  status: DraftStatus;
  /** Upload progress (0 to 1) of the request carrying the attachments, or null when none is running. */
  progress: number | null;
  sending: boolean;
  sendError: string | null;
  send: () => Promise<void>;
  close: () => Promise<void>;
}

const session = (): Storage | null => {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
};

export const useComposeWindow = (initial: ComposeState, onClosed: () => void): ComposeWindowApi => {
  const [state, setState] = useState(initial);
  const [status, setStatus] = useState<DraftStatus>(
    initial.draftId ? { kind: 'saved', at: new Date() } : { kind: 'idle' },
  );
  const [progress, setProgress] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const stateRef = useRef(state);
  // Revisions tell whether the stored draft is behind the window: bumped on every edit.
  const revision = useRef(0);
  const savedRevision = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inflight = useRef<Promise<boolean> | null>(null);
  const done = useRef(false);

  const remember = useCallback((next: ComposeState) => {
    stateRef.current = next;
    const storage = session();
    if (storage) storeDraft(storage, next);
  }, []);

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const saveDraft = useCallback(async (): Promise<boolean> => {
    if (inflight.current) await inflight.current;
    const snapshot = stateRef.current;
    const target = revision.current;
    if (target === savedRevision.current) return true;
    if (isEmptyCompose(snapshot) && !snapshot.draftId) {
      savedRevision.current = target;
      return true;
    }
    const run = (async () => {
      setStatus({ kind: 'saving' });
      const withUploads = snapshot.attachments.some((attachment) => !attachment.uploaded);
      if (withUploads) setProgress(0);
      try {
        const input = toSendInput(snapshot);
        const options = { onUploadProgress: withUploads ? setProgress : undefined };
        const draftId = snapshot.draftId
          ? (await xhrGraphqlRequest(ComposeUpdateDraftDocument, { id: snapshot.draftId, input }, options))
              .updateDraft.id
          : (await xhrGraphqlRequest(ComposeSaveDraftDocument, { input }, options)).saveDraft.id;
        savedRevision.current = target;
        const uploadedKeys = new Set(snapshot.attachments.map((attachment) => attachment.key));
        const next = (current: ComposeState): ComposeState => ({
          ...current,
          draftId,
          attachments: current.attachments.map((attachment) =>
            uploadedKeys.has(attachment.key) ? { ...attachment, uploaded: true } : attachment,
          ),
        });
        remember(next(stateRef.current));
        setState(next);
        setStatus({ kind: 'saved', at: new Date() });
        return true;
      } catch (error) {
        setStatus({ kind: 'error', message: errorMessage(error) });
        return false;
      } finally {
        setProgress(null);
      }
    })();
    inflight.current = run;
    try {
      return await run;
    } finally {
      inflight.current = null;
    }
  }, [remember]);

  const schedule = useCallback(
    (delay: number) => {
      clearTimer();
      timer.current = setTimeout(() => {
        timer.current = null;
        void saveDraft().then(() => {
          // Edits made while saving get their own save.
          if (!done.current && revision.current !== savedRevision.current) schedule(AUTOSAVE_DELAY_MS);
        });
      }, delay);
    },
    [saveDraft],
  );

  const update = useCallback(
    (change: (state: ComposeState) => ComposeState, options: { saveNow?: boolean } = {}) => {
      const next = change(stateRef.current);
      revision.current++;
      remember(next);
      setState(next);
      setSendError(null);
      schedule(options.saveNow ? 0 : AUTOSAVE_DELAY_MS);
    },
    [remember, schedule],
  );

  useEffect(() => {
    remember(initial);
    return clearTimer;
  }, [initial, remember]);

  const finish = useCallback(() => {
    done.current = true;
    clearTimer();
    const storage = session();
    if (storage) removeStoredDraft(storage, stateRef.current.localId);
    onClosed();
  }, [onClosed]);

  const send = useCallback(async () => {
    if (sending) return;
    const current = stateRef.current;
    const invalid = invalidRecipients(current);
    if (invalid.length > 0) {
      setSendError(`Not an address: ${invalid.join(', ')}`);
      return;
    }
    if ((['to', 'cc', 'bcc'] as const).every((field) => recipientsOf(current[field]).length === 0)) {
      setSendError('Add at least one recipient');
      return;
    }
    clearTimer();
    setSending(true);
    setSendError(null);
    try {
      if (inflight.current) await inflight.current;
      const latest = stateRef.current;
      setProgress(0);
      await xhrGraphqlRequest(
        ComposeSendDocument,
        { input: toSendInput(latest), draftId: latest.draftId },
        { onUploadProgress: setProgress },
      );
      finish();
    } catch (error) {
      setSendError(errorMessage(error));
      setSending(false);
      setProgress(null);
    }
  }, [finish, sending]);

  const close = useCallback(async () => {
    clearTimer();
    if (revision.current !== savedRevision.current && !isEmptyCompose(stateRef.current)) {
      // A failed save keeps the session copy, so the restore offer brings the text back.
      if (!(await saveDraft())) {
        done.current = true;
        onClosed();
        return;
      }
    }
    finish();
  }, [finish, onClosed, saveDraft]);

  return { state, update, status, progress, sending, sendError, send, close };
};
