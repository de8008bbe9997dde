'use client';
// The compose feature's entry point: the mail app calls useCompose().openCompose(intent); windows render here.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { errorMessage, graphqlRequest } from '../client/graphql-client';
import { ComposeIdentityDocument } from '../graphql/generated';
import type { ComposeApi, ComposeIntent } from './compose-intent';
import { loadComposeState } from './compose-loader';
import { isEmptyCompose, type ComposeState } from './compose-state';
import { ComposeWindow, type ComposeIdentity } from './compose-window.component';
import { newLocalId, readStoredDrafts, removeStoredDraft } from './draft-storage';
import styles from './compose.module.css';

const ComposeContext = createContext<ComposeApi>({ openCompose: () => undefined });

type WindowEntry =
  | { localId: string; phase: 'loading' }
  | { localId: string; phase: 'error'; message: string }
  | { localId: string; phase: 'ready'; initial: ComposeState };

const loadIdentity = async (): Promise<ComposeIdentity> => {
  const data = await graphqlRequest(ComposeIdentityDocument, {});
  return { addresses: data.me?.addresses ?? [], maxAttachmentBytes: data.composeLimits.maxAttachmentBytes };
};

/** Wrap the mail app in this; it renders the open compose windows. */
export function ComposeProvider({ children }: { children: ReactNode }) {
  const [windows, setWindows] = useState<WindowEntry[]>([]);
  const [identity, setIdentity] = useState<ComposeIdentity | null>(null);
  const [restorable, setRestorable] = useState<ComposeState[]>([]);
  const identityRequest = useRef<Promise<ComposeIdentity> | null>(null);

  const ensureIdentity = useCallback((): Promise<ComposeIdentity> => {
    identityRequest.current ??= loadIdentity().then(
      (loaded) => {
        setIdentity(loaded);
        return loaded;
      },
      (error: unknown) => {
        identityRequest.current = null;
        throw error;
      },
    );
    return identityRequest.current;
  }, []);

  useEffect(() => {
    try {
      const stored = readStoredDrafts(window.sessionStorage);
      for (const empty of stored.filter(isEmptyCompose))
        removeStoredDraft(window.sessionStorage, empty.localId);
      setRestorable(stored.filter((state) => !isEmptyCompose(state)));
    } catch {
      // Without sessionStorage there is nothing to restore.
    }
  }, []);

  const setEntry = (entry: WindowEntry) =>
    setWindows((current) =>
      current.map((existing) => (existing.localId === entry.localId ? entry : existing)),
    );

  const openCompose = useCallback(
    (intent: ComposeIntent) => {
      const localId = newLocalId();
      setWindows((current) => [...current, { localId, phase: 'loading' }]);
      void (async () => {
        try {
          const own =
            intent.kind === 'new' ? [] : (await ensureIdentity()).addresses.map((entry) => entry.address);
          if (intent.kind === 'new') void ensureIdentity().catch(() => undefined);
          setEntry({ localId, phase: 'ready', initial: await loadComposeState(localId, intent, own) });
        } catch (error) {
          setEntry({ localId, phase: 'error', message: errorMessage(error) });
        }
      })();
    },
    [ensureIdentity],
  );

  const restore = () => {
    void ensureIdentity().catch(() => undefined);
    setWindows((current) => [
      ...current,
      ...restorable.map((initial): WindowEntry => ({ localId: initial.localId, phase: 'ready', initial })),
    ]);
    setRestorable([]);
  };

  const discardRestorable = () => {
    for (const state of restorable) removeStoredDraft(window.sessionStorage, state.localId);
    setRestorable([]);
  };

  const closeWindow = useCallback((localId: string) => {
    setWindows((current) => current.filter((entry) => entry.localId !== localId));
  }, []);

  const api = useMemo<ComposeApi>(() => ({ openCompose }), [openCompose]);
  return (
    <ComposeContext.Provider value={api}>
      {children}
      <div className={styles.stack}>
        {windows.map((entry) =>
          entry.phase === 'ready' ? (
            <ComposeWindow
              key={entry.localId}
              initial={entry.initial}
              identity={identity}
              onClosed={() => closeWindow(entry.localId)}
            />
          ) : (
            <section
              key={entry.localId}
              role="dialog"
              aria-label="Compose"
              data-testid="compose-dialog"
              className={styles.dialog}
            >
              <header className={styles.header}>
                <span>{entry.phase === 'loading' ? 'Loading…' : 'Cannot compose'}</span>
                <button
                  type="button"
                  className={styles.tokenRemove}
                  aria-label="Close"
                  onClick={() => closeWindow(entry.localId)}
                >
                  ×
                </button>
              </header>
              {entry.phase === 'error' && (
                <p role="alert" className={styles.error}>
                  {entry.message}
                </p>
              )}
            </section>
          ),
        )}
        {restorable.length > 0 && (
          <div className={styles.restore} role="status" data-testid="compose-restore">
            <span>
              {restorable.length === 1 ? 'An unsent message' : `${restorable.length} unsent messages`} from an
              earlier session
            </span>
            <button
              type="button"
              className={`${styles.button} ${styles.primary}`}
              data-testid="compose-restore-open"
              onClick={restore}
            >
              Restore
            </button>
            <button
              type="button"
              className={styles.button}
              data-testid="compose-restore-discard"
              onClick={discardRestorable}
            >
              Discard
            </button>
          </div>
        )}
      </div>
    </ComposeContext.Provider>
  );
}

export const useCompose = (): ComposeApi => useContext(ComposeContext);
