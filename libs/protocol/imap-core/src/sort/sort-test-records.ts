import type { SortAddress, SortRecord } from '../imap-backend';

/** Test helper: a SortRecord with quiet defaults, the uid also setting a distinct INTERNALDATE. */
export function record(uid: number, fields: Partial<SortRecord> = {}): SortRecord {
  return {
    uid,
    internalDate: new Date(Date.UTC(2024, 0, 1) + uid * 60_000),
    size: 100,
    sentDate: null,
    subject: '',
    from: null,
    to: null,
    cc: null,
    messageId: null,
    inReplyTo: null,
    references: [],
    ...fields,
  };
}

export const addr = (mailbox: string, host = 'example.com', name = ''): SortAddress => ({
  mailbox,
  host,
  name,
});

export const at = (iso: string): Date => new Date(iso);
