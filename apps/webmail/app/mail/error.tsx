'use client';

/** Anything the mail views did not catch lands here instead of a blank page. */
export default function MailError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="pad">
      <div className="error-banner" role="alert">
        <h1>Something went wrong</h1>
        <p>{error.message || 'The mail view failed.'}</p>
        <button type="button" onClick={reset}>
          Retry
        </button>{' '}
        <a className="button" href="/mail">
          Reload mail
        </a>
      </div>
    </main>
  );
}
