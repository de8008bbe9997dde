/**
 * A change beacon: "mailbox X of this user has changes up to modseq N". Beacons are hints for sessions
 * to read the journal now instead of at their next poll; they carry no change data themselves.
 */
export interface ChangeBeacon {
  /** Mailbox id (hex ObjectId). */
  mailbox: string;
  modseq: number;
  /** What kind of change, for listeners that only care about some (e.g. 'exists'). */
  kind?: string;
}

// Anything bigger is not ours; refusing it early keeps a flood of garbage cheap.
const MAX_PAYLOAD_LENGTH = 512;
const MAX_FIELD_LENGTH = 64;

const isShortString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD_LENGTH;

const isModseq = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export const isChangeBeacon = (value: unknown): value is ChangeBeacon => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    isShortString(candidate['mailbox']) &&
    isModseq(candidate['modseq']) &&
    (candidate['kind'] === undefined || isShortString(candidate['kind']))
  );
};

export const encodeChangeBeacon = (beacon: ChangeBeacon): string => {
  if (!isChangeBeacon(beacon)) throw new TypeError('not a valid change beacon');
  // Only the known fields travel, whatever else the caller's object carries.
  const wire: ChangeBeacon = { mailbox: beacon.mailbox, modseq: beacon.modseq };
  if (beacon.kind !== undefined) wire.kind = beacon.kind;
  return JSON.stringify(wire);
};

/** The beacon in `payload`, or undefined for anything else: other publishers' junk must not break us. */
export const decodeChangeBeacon = (payload: string): ChangeBeacon | undefined => {
  if (payload.length > MAX_PAYLOAD_LENGTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isChangeBeacon(parsed)) return undefined;
  const beacon: ChangeBeacon = { mailbox: parsed.mailbox, modseq: parsed.modseq };
  if (parsed.kind !== undefined) beacon.kind = parsed.kind;
  return beacon;
};
