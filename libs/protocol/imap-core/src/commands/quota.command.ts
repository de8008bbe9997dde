import type { QuotaInfo } from '../imap-backend';
import { AUTHENTICATED, type CommandHandler, no, ok } from '../session/command-handler';
import { expectEnd, tokenText } from '../protocol/command-tokens';
import { imapAString } from '../protocol/response-encoding';

/** STORAGE travels in KiB (RFC 9208); the backend reports bytes. */
export function formatQuota(info: QuotaInfo, utf8: boolean): string {
  const res = info.resources.map((r) =>
    r.name === 'STORAGE'
      ? `STORAGE ${Math.ceil(r.usage / 1024)} ${Math.floor(r.limit / 1024)}`
      : `MESSAGE ${r.usage} ${r.limit}`,
  );
  return `QUOTA ${imapAString(info.root, { utf8 })} (${res.join(' ')})`;
}

export const getQuotaCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 1);
    const info = await session.backend.getQuota(session.ctx, tokenText(input.args[0], 'quota root'));
    await session.untagged(formatQuota(info, session.utf8));
    return ok('GETQUOTA completed');
  },
};

export const getQuotaRootCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 1);
    const path = session.decodeMailbox(input.args[0]);
    const roots = await session.backend.getQuotaRoot(session.ctx, path);
    const names = roots.map((r) => ` ${imapAString(r.root, { utf8: session.utf8 })}`).join('');
    await session.untagged(`QUOTAROOT ${session.encodeMailbox(path)}${names}`);
    for (const info of roots) await session.untagged(formatQuota(info, session.utf8));
    return ok('GETQUOTAROOT completed');
  },
};

/** Limits are administered elsewhere. */
export const setQuotaCommand: CommandHandler = {
  states: AUTHENTICATED,
  run() {
    return Promise.resolve(no('Quota limits cannot be changed over IMAP', 'NOPERM'));
  },
};
