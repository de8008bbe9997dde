// Recipient text as typed or pasted ("Ann <ann@example.org>, bo@example.net") to addresses and back.

export interface ComposeAddress {
  name: string;
  address: string;
}

export interface ParsedAddressList {
  addresses: ComposeAddress[];
  /** Pieces that are no address, shown to the user as typed. */
  invalid: string[];
}

// Deliberately loose: the API validates for real; this only catches typos such as a missing @ or a space.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/u;

export const isValidAddress = (address: string): boolean => ADDRESS.test(address);

/** Splits on commas and semicolons outside quotes and angle brackets. */
const splitList = (text: string): string[] => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if ((char === ',' || char === ';' || char === '\n') && !quoted && !angled) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
};

const parseOne = (piece: string): ComposeAddress | undefined => {
  const angled = /^(.*)<([^<>]+)>\s*$/.exec(piece);
  if (angled) {
    const address = (angled[2] ?? '').trim();
    const name = (angled[1] ?? '')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    return isValidAddress(address) ? { name, address } : undefined;
  }
  const bare = piece.replace(/^mailto:/i, '');
  return isValidAddress(bare) ? { name: '', address: bare } : undefined;
};

export const parseAddressList = (text: string): ParsedAddressList => {
  const addresses: ComposeAddress[] = [];
  const invalid: string[] = [];
  for (const piece of splitList(text)) {
    const parsed = parseOne(piece);
    if (parsed) addresses.push(parsed);
    else invalid.push(piece);
  }
  return { addresses, invalid };
};

/** "Ann Lee <ann@example.org>", or the bare address when there is no name. */
export const formatAddress = ({ name, address }: ComposeAddress): string =>
  name ? `${/[",;<>@]/.test(name) ? `"${name.replace(/"/g, "'")}"` : name} <${address}>` : address;

export const sameAddress = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

/** The list without repeats (ignoring case), keeping the first occurrence and its name. */
export const uniqueAddresses = (list: readonly ComposeAddress[]): ComposeAddress[] => {
  const seen = new Set<string>();
  return list.filter((entry) => {
    const key = entry.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
