'use client';
import { useEffect, useState } from 'react';
import { applyTheme, readTheme, type ThemeChoice } from '../client/theme';
import styles from './settings.module.css';

export function AppearanceSection() {
  const [theme, setTheme] = useState<ThemeChoice>('system');
  // localStorage exists only in the browser: read after hydration.
  useEffect(() => setTheme(readTheme()), []);
  return (
    <section
      className={styles.section}
      aria-labelledby="settings-appearance-title"
      data-testid="settings-appearance"
    >
      <h2 id="settings-appearance-title">Appearance</h2>
      <label className={styles.inline}>
        Theme
        <select
          data-testid="settings-theme-select"
          value={theme}
          onChange={(event) => {
            const next = event.target.value as ThemeChoice;
            setTheme(next);
            applyTheme(next);
          }}
        >
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </section>
  );
}
