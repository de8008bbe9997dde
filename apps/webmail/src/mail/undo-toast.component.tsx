'use client';
import { useEffect, useState } from 'react';
import type { ToastState } from './mail-actions.hook';

const TOAST_MS = 8000;

export function UndoToast({ toast, onDismiss }: { toast: ToastState | null; onDismiss: () => void }) {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!toast) return;
    setBusy(false);
    const timer = setTimeout(onDismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  if (!toast) return null;
  return (
    <div className="toast" role="status" data-testid="toast">
      <span>{toast.text}</span>
      {toast.undo && (
        <button
          type="button"
          data-testid="toast-undo"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            const undo = toast.undo;
            onDismiss();
            void undo?.();
          }}
        >
          Undo
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
