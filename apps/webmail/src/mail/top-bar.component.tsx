'use client';
import { useEffect, useState, type RefObject } from 'react';
import { applyTheme, readTheme, type ThemeChoice } from '../client/theme';
import { readCookie } from '../client/graphql-client';

export interface TopBarProps {
  searchRef: RefObject<HTMLInputElement | null>;
  initialQuery: string;
  onSearch: (line: string) => void;
  onClearSearch: () => void;
  onCompose: () => void;
  onMenu: () => void;
}

const signOut = async () => {
  await fetch('/api/session', {
    method: 'DELETE',
    headers: { 'x-csrf-token': readCookie('eider_csrf') ?? '' },
  }).catch(() => undefined);
  window.location.assign('/login');
};

export function TopBar({ searchRef, initialQuery, onSearch, onClearSearch, onCompose, onMenu }: TopBarProps) {
  const [theme, setTheme] = useState<ThemeChoice>('system');
  const [query, setQuery] = useState(initialQuery);
  useEffect(() => setTheme(readTheme()), []);
  useEffect(() => setQuery(initialQuery), [initialQuery]);

  return (
    <header className="top-bar">
      <button type="button" className="menu-button" aria-label="Folders" onClick={onMenu}>
        ☰
      </button>
      <a className="app-name" href="/mail">
        Eider
      </a>
      <form
        className="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (query.trim()) onSearch(query.trim());
          else onClearSearch();
        }}
      >
        <input
          ref={searchRef}
          type="search"
          data-testid="search-input"
          aria-label="Search mail"
          placeholder="Search mail (from: to: subject: has:attachment is:unread in:)"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setQuery('');
              onClearSearch();
              event.currentTarget.blur();
            }
          }}
        />
      </form>
      <button type="button" className="primary" data-testid="compose-new" onClick={onCompose}>
        Compose
      </button>
      <a className="button" href="/settings">
        Settings
      </a>
      <label className="theme-label">
        <span className="visually-hidden">Theme</span>
        <select
          data-testid="theme-select"
          value={theme}
          onChange={(event) => {
            const next = event.target.value as ThemeChoice;
            setTheme(next);
            applyTheme(next);
          }}
        >
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}
