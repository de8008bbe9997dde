import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import { connectImapFlow, useImapProtocols } from '../support/imapflow-client';
import { type RunningProtocols, type TestAccount } from '../support/protocols-process';

const message = (index: number): Buffer =>
  Buffer.from(
    [
      'From: Alice <alice@example.com>',
      'To: Bob <bob@example.com>',
      `Subject: resync ${index}`,
      `Message-ID: <${randomBytes(6).toString('hex')}@example.com>`,
      'Date: Mon, 02 Nov 2026 10:00:00 +0000',
      '',
      `Body ${index}`,
      '',
    ].join('\r\n'),
  );

const connect = (server: RunningProtocols, account: TestAccount, qresync: boolean): Promise<ImapFlow> =>
  connectImapFlow(server, account, { tls: true, flow: { qresync } });

// Every journal entry is at least this old before SELECT reports it in HIGHESTMODSEQ (see docs/imap.md).
const SETTLE_MS = 3_200;

describe('QRESYNC with imapflow', () => {
  const suite = useImapProtocols();

  it('gives a reconnecting client exactly the VANISHED and FETCH updates it missed', async () => {
    const writer = await connect(suite.server, suite.account, false);
    const uids: number[] = [];
    for (let index = 1; index <= 8; index++) {
      const appended = await writer.append('INBOX', message(index));
      uids.push(Number(appended && appended.uid));
    }
    await sleep(SETTLE_MS);

    const reader = await connect(suite.server, suite.account, true);
    expect(reader.enabled.has('QRESYNC')).toBe(true);
    const first = await reader.mailboxOpen('INBOX');
    const uidValidity = first.uidValidity;
    const highestModseq = first.highestModseq;
    expect(highestModseq).toBeGreaterThan(0n);
    await reader.logout();

    await writer.mailboxOpen('INBOX');
    const [, second, third, fourth, fifth, sixth] = uids as [number, number, number, number, number, number];
    await writer.messageFlagsAdd(`${second},${third}`, ['\\Flagged'], { uid: true });
    await writer.messageFlagsAdd(String(sixth), ['\\Seen'], { uid: true });
    await writer.messageDelete(`${fourth},${fifth}`, { uid: true });
    // A flag change on a message that is then expunged must surface only as VANISHED.
    await writer.messageFlagsAdd(String(sixth), ['$Gone'], { uid: true });
    await writer.messageDelete(String(sixth), { uid: true });
    const added = await writer.append('INBOX', message(9));
    await writer.logout();

    const again = await connect(suite.server, suite.account, true);
    const vanished: number[] = [];
    const flagged = new Map<number, string[]>();
    again.on('expunge', (event: { uid?: number; earlier?: boolean }) => {
      if (event.earlier && event.uid) vanished.push(event.uid);
    });
    again.on('flags', (event: { uid?: number; flags: Set<string>; modseq?: bigint }) => {
      if (event.uid) flagged.set(event.uid, [...event.flags].sort());
    });
    const reopened = await again.mailboxOpen('INBOX', { uidValidity, changedSince: highestModseq });
    expect(reopened.exists).toBe(6);
    expect(vanished.sort((a, b) => a - b)).toEqual([fourth, fifth, sixth]);
    // The two flagged messages and the new arrival (which has a modseq above the client's) are reported;
    // nothing the client already knew unchanged is sent again.
    expect([...flagged.keys()].sort((a, b) => a - b)).toEqual([second, third, Number(added && added.uid)]);
    expect(flagged.get(second)).toEqual(['\\Flagged']);
    expect(flagged.get(third)).toEqual(['\\Flagged']);
    // Writes younger than the settle window are not yet covered by HIGHESTMODSEQ, so it may not have moved.
    expect(reopened.highestModseq).toBeGreaterThanOrEqual(highestModseq ?? 0n);
    await again.logout();
  }, 60_000);

  it('sends VANISHED for expunges by another session to an open QRESYNC session', async () => {
    const watcher = await connect(suite.server, suite.account, true);
    const writer = await connect(suite.server, suite.account, false);
    try {
      await watcher.mailboxOpen('INBOX');
      await writer.mailboxOpen('INBOX');
      const appended = await writer.append('INBOX', message(20));
      const uid = Number(appended && appended.uid);
      await watcher.noop();
      const gone: Array<{ uid?: number; vanished?: boolean; earlier?: boolean }> = [];
      watcher.on('expunge', (event: { uid?: number; vanished?: boolean; earlier?: boolean }) =>
        gone.push(event),
      );
      await writer.messageDelete(String(uid), { uid: true });
      await expect
        .poll(async () => {
          await watcher.noop();
          return gone.map((event) => event.uid);
        })
        .toEqual([uid]);
      expect(gone[0]?.vanished).toBe(true);
      expect(gone[0]?.earlier).toBe(false);
    } finally {
      await writer.logout();
      await watcher.logout();
    }
  }, 60_000);
});
