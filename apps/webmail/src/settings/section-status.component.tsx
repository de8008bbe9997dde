'use client';
import type { SectionState } from './section-state.hook';
import styles from './settings.module.css';

/** Loading text or the inline error with a retry; nothing once the data is there. */
export function SectionStatus<T>({
  state,
  onRetry,
  testId,
}: {
  state: SectionState<T>;
  onRetry: () => void;
  testId: string;
}) {
  if (state.phase === 'loading') return <p className={styles.muted}>Loading…</p>;
  if (state.phase === 'error') {
    return (
      <p role="alert" className={styles.error} data-testid={testId}>
        {state.message}{' '}
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      </p>
    );
  }
  return null;
}
