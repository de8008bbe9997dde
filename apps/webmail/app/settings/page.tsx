import type { Metadata } from 'next';
import { requirePageSession } from '../../src/server/page-session';
import { SettingsPage } from '../../src/settings/settings-page.component';

export const metadata: Metadata = { title: 'Settings – Eider' };

export default async function Settings({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageSession('/settings', await searchParams);
  return <SettingsPage />;
}
