import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';

/** `(CHANGEDSINCE n [VANISHED])` after the FETCH items (RFC 7162 3.1.4, 3.2.6). */
export interface FetchModifiers {
  changedSince: number | null;
  vanished: boolean;
}

export function parseFetchModifiers(token: ImapToken | undefined): FetchModifiers {
  const modifiers: FetchModifiers = { changedSince: null, vanished: false };
  if (token === undefined) return modifiers;
  if (token.type !== 'list' || token.items.length === 0) throw new ImapSyntaxError('Invalid FETCH modifiers');
  for (let index = 0; index < token.items.length; index++) {
    const name = tokenAtom(token.items[index], 'FETCH modifier').toUpperCase();
    if (name === 'CHANGEDSINCE' && modifiers.changedSince === null) {
      const value = tokenAtom(token.items[++index], 'mod-sequence');
      if (!/^\d{1,19}$/.test(value) || !Number.isSafeInteger(Number(value)))
        throw new ImapSyntaxError('Invalid CHANGEDSINCE value');
      modifiers.changedSince = Number(value);
    } else if (name === 'VANISHED' && !modifiers.vanished) {
      modifiers.vanished = true;
    } else {
      throw new ImapSyntaxError(`Unknown FETCH modifier ${name.slice(0, 30)}`);
    }
  }
  // VANISHED asks which of the UIDs changed since a point vanished: without that point it means nothing.
  if (modifiers.vanished && modifiers.changedSince === null)
    throw new ImapSyntaxError('VANISHED needs CHANGEDSINCE');
  return modifiers;
}
