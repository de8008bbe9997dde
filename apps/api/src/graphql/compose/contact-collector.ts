import type { Envelope } from '@eider/mime';
import { envelopeAddresses } from '../../messages/message-view.mapper';

export interface CollectedContact {
  name: string;
  address: string;
  lastUsed: Date;
}

export interface EnvelopeSample {
  envelope: Envelope;
  idate: Date;
}

/**
 * Distinct correspondents (From, To and Cc) of the given messages whose name or address contains the query,
 * ignoring case. Addresses that start with the query come first, then by most recent use.
 */
export const collectContacts = (
  samples: readonly EnvelopeSample[],
  query: string,
  first: number,
): CollectedContact[] => {
  const needle = query.trim().toLowerCase();
  const byAddress = new Map<string, CollectedContact>();
  for (const { envelope, idate } of samples) {
    const people = [
      ...envelopeAddresses(envelope.from),
      ...envelopeAddresses(envelope.to),
      ...envelopeAddresses(envelope.cc),
    ];
    for (const person of people) {
      const key = person.address.toLowerCase();
      const known = byAddress.get(key);
      if (!known) {
        byAddress.set(key, { name: person.name, address: person.address, lastUsed: idate });
      } else if (idate > known.lastUsed) {
        // The newest message decides the name shown, but an empty name never replaces a real one.
        byAddress.set(key, { name: person.name || known.name, address: known.address, lastUsed: idate });
      } else if (!known.name && person.name) {
        known.name = person.name;
      }
    }
  }
  const matches = [...byAddress.values()].filter(
    (contact) =>
      !needle ||
      contact.address.toLowerCase().includes(needle) ||
      contact.name.toLowerCase().includes(needle),
  );
  const rank = (contact: CollectedContact): number =>
    contact.address.toLowerCase().startsWith(needle) || contact.name.toLowerCase().startsWith(needle) ? 0 : 1;
  return matches
    .sort((a, b) => rank(a) - rank(b) || b.lastUsed.getTime() - a.lastUsed.getTime())
    .slice(0, Math.max(0, first));
};
