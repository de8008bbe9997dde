import { setTimeout as sleep } from 'node:timers/promises';
import { ImapProbe, expectOk } from './imap-probe';

export interface ResyncResult {
  /** ENABLE QRESYNC + SELECT (QRESYNC ...) on a fresh connection after the changes, in ms. */
  selectMs: number;
  vanishedUids: number;
  fetchLines: number;
  bytes: number;
}

export interface ResyncOptions {
  port: number;
  username: string;
  password: string;
  /** Flag changes first, then expunges, on distinct messages: `flagChanges + expunges` changes in all. */
  flagChanges: number;
  expunges: number;
  /** Eider reports in HIGHESTMODSEQ only journal entries older than this (docs/imap.md). */
  settleMs: number;
}

const countUids = (set: string): number =>
  set
    .split(',')
    .map((item) => item.split(':').map(Number))
    .reduce((sum, [lo, hi]) => sum + (hi === undefined ? 1 : Math.abs(hi - (lo ?? 0)) + 1), 0);

/**
 * A client that knew the mailbox goes away; another session changes flags and expunges; the first comes
 * back with SELECT (QRESYNC (uidvalidity modseq)). Timed from SELECT to its tagged OK, with the VANISHED
 * and FETCH it answered counted so both servers can be checked to say the same.
 */
export const qresyncReconnect = async (options: ResyncOptions): Promise<ResyncResult> => {
  // The mailbox was just written to: let its journal settle so HIGHESTMODSEQ covers those writes.
  await sleep(options.settleMs);
  const remembered = await ImapProbe.connect(options.port);
  let uidValidity = 0;
  let modseq = 0;
  let uids: number[] = [];
  try {
    await remembered.login(options.username, options.password);
    expectOk('ENABLE', await remembered.command('ENABLE QRESYNC'));
    const select = expectOk('SELECT', await remembered.command('SELECT INBOX', { keepUntagged: true }));
    for (const line of select.untagged) {
      uidValidity = Number(/UIDVALIDITY (\d+)/i.exec(line)?.[1] ?? uidValidity);
      modseq = Number(/HIGHESTMODSEQ (\d+)/i.exec(line)?.[1] ?? modseq);
    }
    const search = expectOk('UID SEARCH', await remembered.command('UID SEARCH ALL', { keepUntagged: true }));
    uids = search.untagged
      .flatMap((line) => (/^\* SEARCH(.*)$/i.exec(line)?.[1] ?? '').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } finally {
    await remembered.close();
  }
  if (uids.length < options.flagChanges + options.expunges)
    throw new Error(`mailbox holds ${uids.length} messages, fewer than the changes asked for`);

  const writer = await ImapProbe.connect(options.port);
  try {
    await writer.login(options.username, options.password);
    expectOk('SELECT', await writer.command('SELECT INBOX'));
    const flagged = uids.slice(0, options.flagChanges);
    for (let index = 0; index < flagged.length; index += 100) {
      const set = flagged.slice(index, index + 100).join(',');
      expectOk('UID STORE', await writer.command(`UID STORE ${set} +FLAGS.SILENT ($Resync)`));
    }
    const doomed = uids.slice(options.flagChanges, options.flagChanges + options.expunges);
    for (let index = 0; index < doomed.length; index += 100) {
      const set = doomed.slice(index, index + 100).join(',');
      expectOk('UID STORE', await writer.command(`UID STORE ${set} +FLAGS.SILENT (\\Deleted)`));
      expectOk('UID EXPUNGE', await writer.command(`UID EXPUNGE ${set}`));
    }
  } finally {
    await writer.close();
  }
  await sleep(options.settleMs);

  const returning = await ImapProbe.connect(options.port);
  try {
    await returning.login(options.username, options.password);
    expectOk('ENABLE', await returning.command('ENABLE QRESYNC'));
    const reply = expectOk(
      'SELECT (QRESYNC)',
      await returning.command(`SELECT INBOX (QRESYNC (${uidValidity} ${modseq}))`, { keepUntagged: true }),
    );
    let vanishedUids = 0;
    for (const line of reply.untagged) {
      const set = /^\* VANISHED \(EARLIER\) (\S+)/i.exec(line)?.[1];
      if (set) vanishedUids += countUids(set);
    }
    return { selectMs: reply.ms, vanishedUids, fetchLines: reply.fetchResponses, bytes: reply.bytes };
  } finally {
    await returning.close();
  }
};
