'use client';
// A token input for To, Cc or Bcc with suggestions from the user's correspondents.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { graphqlRequest } from '../client/graphql-client';
import { ComposeContactsDocument, type ComposeContactsQuery } from '../graphql/generated';
import { formatAddress, parseAddressList, uniqueAddresses, type ComposeAddress } from './address-list';
import type { RecipientsValue } from './compose-state';
import styles from './compose.module.css';

type Contact = ComposeContactsQuery['contacts'][number];

interface RecipientInputProps {
  label: string;
  testId: string;
  value: RecipientsValue;
  onChange: (value: RecipientsValue) => void;
  autoFocus?: boolean;
}

const SUGGEST_DELAY_MS = 150;

export function RecipientInput({ label, testId, value, onChange, autoFocus }: RecipientInputProps) {
  const [suggestions, setSuggestions] = useState<Contact[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();
  const query = value.pending.trim();

  useEffect(() => {
    if (!query || query.includes(',')) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      graphqlRequest(ComposeContactsDocument, { query, first: 8 }, { signal: controller.signal })
        .then((data) => {
          setSuggestions(data.contacts);
          setActive(0);
        })
        // Suggestions are a convenience: typing a full address still works without them.
        .catch(() => setSuggestions([]));
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const addTokens = (tokens: ComposeAddress[], pending: string) =>
    onChange({ tokens: uniqueAddresses([...value.tokens, ...tokens]), pending });

  /** Turns the typed text into tokens, leaving what is no address in the input. */
  const commit = () => {
    if (!value.pending.trim()) return;
    const { addresses, invalid } = parseAddressList(value.pending);
    addTokens(addresses, invalid.join(', '));
  };

  const choose = (contact: Contact) => {
    addTokens([{ name: contact.name, address: contact.address }], '');
    setSuggestions([]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const open = suggestions.length > 0;
    if (open && event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => (index + 1) % suggestions.length);
    } else if (open && event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => (index - 1 + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      const chosen = open ? suggestions[active] : undefined;
      if (chosen || value.pending.trim()) event.preventDefault();
      if (chosen) choose(chosen);
      else commit();
    } else if (
      (event.key === ',' || event.key === ';' || (event.key === 'Tab' && !event.shiftKey)) &&
      value.pending.trim()
    ) {
      if (event.key !== 'Tab') event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && !value.pending && value.tokens.length > 0) {
      onChange({ tokens: value.tokens.slice(0, -1), pending: '' });
    } else if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setSuggestions([]);
    }
  };

  return (
    <div className={styles.field}>
      <span className={styles.fieldLabel} id={`${listId}-label`}>
        {label}
      </span>
      <div className={styles.tokens}>
        {value.tokens.map((token) => (
          <span key={token.address.toLowerCase()} className={styles.token} title={token.address}>
            {token.name || token.address}
            <button
              type="button"
              className={styles.tokenRemove}
              aria-label={`Remove ${formatAddress(token)}`}
              onClick={() => onChange({ ...value, tokens: value.tokens.filter((entry) => entry !== token) })}
            >
              ×
            </button>
          </span>
        ))}
        <input
          data-testid={testId}
          className={styles.tokenInput}
          aria-labelledby={`${listId}-label`}
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          autoFocus={autoFocus}
          autoComplete="off"
          value={value.pending}
          onChange={(event) => onChange({ ...value, pending: event.target.value })}
          onKeyDown={onKeyDown}
          onBlur={() => {
            commit();
            // Late enough for a click on a suggestion to land first.
            setTimeout(() => setSuggestions([]), 150);
          }}
        />
      </div>
      {suggestions.length > 0 && (
        <ul id={listId} role="listbox" className={styles.suggestions}>
          {suggestions.map((contact, index) => (
            <li
              key={contact.address}
              role="option"
              aria-selected={index === active}
              className={styles.suggestion}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(contact);
              }}
            >
              {contact.name ? `${contact.name} ` : ''}
              <span className={styles.muted}>{contact.address}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
