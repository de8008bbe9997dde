'use client';
import Link from 'next/link';
import { AppPasswordsSection } from './app-passwords-section.component';
import { AppearanceSection } from './appearance-section.component';
import { AutoreplySection } from './autoreply-section.component';
import { FiltersSection } from './filters-section.component';
import styles from './settings.module.css';

export function SettingsPage() {
  return (
    <main className={styles.page} data-testid="settings-page">
      <div className={styles.top}>
        <Link href="/mail" data-testid="settings-back">
          ← Back to mail
        </Link>
        <h1>Settings</h1>
      </div>
      <FiltersSection />
      <AutoreplySection />
      <AppPasswordsSection />
      <AppearanceSection />
    </main>
  );
}
