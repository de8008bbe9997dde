'use client';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeNextPath } from './next-path';

const describeFailure = (status: number, body: { error?: string }, retryAfter: string | null): string => {
  if (status === 429) {
    const seconds = Number(retryAfter);
    const wait =
      Number.isFinite(seconds) && seconds > 0 ? ` Try again in ${formatWait(seconds)}.` : ' Try again later.';
    return `Too many failed sign-ins.${wait}`;
  }
  if (status === 401 || status === 403) return 'Wrong username or password.';
  return body.error ?? 'Sign-in failed. Try again.';
};

const formatWait = (seconds: number): string =>
  seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`;

export function LoginForm() {
  const params = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (response.ok) {
        window.location.assign(safeNextPath(params.get('next')));
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      setError(describeFailure(response.status, body, response.headers.get('retry-after')));
    } catch {
      setError('The server cannot be reached. Check your connection and try again.');
    }
    setBusy(false);
  };

  return (
    <form className="login-form" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
      <h1 id="login-title">Eider</h1>
      <p className="muted">Sign in to your mail</p>
      <label>
        Username or address
        <input
          data-testid="login-username"
          name="username"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </label>
      <label>
        Password
        <input
          data-testid="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      {error && (
        <p className="error-banner" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" data-testid="login-submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
