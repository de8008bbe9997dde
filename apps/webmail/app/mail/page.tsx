import { Suspense } from 'react';
import { ComposeProvider } from '../../src/compose/compose-provider.component';
import { MailApp } from '../../src/mail/mail-app.component';
import { requirePageSession } from '../../src/server/page-session';

export const metadata = { title: 'Mail – Eider' };

export default async function MailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageSession('/mail', await searchParams);
  return (
    <ComposeProvider>
      <Suspense fallback={<p className="pad muted">Loading mail…</p>}>
        <MailApp />
      </Suspense>
    </ComposeProvider>
  );
}
