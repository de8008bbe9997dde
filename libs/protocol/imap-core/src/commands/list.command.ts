import type { MailboxListEntry } from '../imap-backend';
import {
  AUTHENTICATED,
  type CommandHandler,
  type CommandInput,
  type CommandResult,
  ok,
} from '../session/command-handler';
import { ImapSyntaxError, type ImapToken, tokenAtom, tokenList } from '../protocol/command-tokens';
import type { ImapSession } from '../session/imap-session';
import { type StatusItem, formatStatus, parseStatusItems } from './status.command';

interface ListOptions {
  subscribedOnly: boolean;
  recursiveMatch: boolean;
  specialUseOnly: boolean;
  returnSubscribed: boolean;
  returnStatus: StatusItem[] | null;
  lsub: boolean;
}

/** `*` matches anything, `%` anything but the delimiter; INBOX is matched case-insensitively. */
export function patternToRegExp(pattern: string): RegExp {
  const p = /^inbox/i.test(pattern) ? `INBOX${pattern.slice(5)}` : pattern;
  const body = p
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/%/g, '[^/]*');
  return new RegExp(`^${body}$`, 's');
}

function parseSelection(token: ImapToken, opts: ListOptions): void {
  for (const item of tokenList(token, 'selection options')) {
    const name = tokenAtom(item, 'selection option').toUpperCase();
    if (name === 'SUBSCRIBED') opts.subscribedOnly = true;
    else if (name === 'RECURSIVEMATCH') opts.recursiveMatch = true;
    else if (name === 'SPECIAL-USE') opts.specialUseOnly = true;
    else if (name !== 'REMOTE') throw new ImapSyntaxError(`Unknown selection option ${name.slice(0, 30)}`);
  }
  if (opts.recursiveMatch && !opts.subscribedOnly)
    throw new ImapSyntaxError('RECURSIVEMATCH needs another option');
}

function parseReturn(token: ImapToken | undefined, opts: ListOptions): void {
  const items = tokenList(token, 'return options');
  for (let i = 0; i < items.length; i++) {
    const name = tokenAtom(items[i], 'return option').toUpperCase();
    if (name === 'SUBSCRIBED') opts.returnSubscribed = true;
    else if (name === 'STATUS') opts.returnStatus = parseStatusItems(items[++i]);
    else if (name !== 'CHILDREN' && name !== 'SPECIAL-USE')
      throw new ImapSyntaxError(`Unknown return option ${name.slice(0, 30)}`);
  }
}

/** A LIST/LSUB row: a backend entry, or an LSUB parent made up for the `%` rule. */
type ListRow = MailboxListEntry & { lsubParent?: boolean };

/**
 * RFC 3501 6.3.9: when `%` stops at a level whose name is not subscribed but has subscribed
 * names below it, LSUB returns that level with \Noselect (and not the names below).
 */
function lsubParents(
  entries: readonly MailboxListEntry[],
  matchers: ReadonlyArray<{ re: RegExp; percent: boolean }>,
): ListRow[] {
  const subscribed = new Set(entries.filter((e) => e.subscribed).map((e) => e.path));
  const percent = matchers.filter((m) => m.percent);
  const out = new Map<string, ListRow>();
  if (percent.length === 0) return [];
  for (const path of subscribed) {
    const levels = path.split('/');
    for (let i = 1; i < levels.length; i++) {
      const parent = levels.slice(0, i).join('/');
      if (subscribed.has(parent) || out.has(parent) || !percent.some((m) => m.re.test(parent))) continue;
      out.set(parent, {
        id: '',
        path: parent,
        specialUse: null,
        subscribed: false,
        noSelect: true,
        lsubParent: true,
      });
    }
  }
  return [...out.values()];
}

function listAttributes(entry: ListRow, opts: ListOptions, hasChild: (path: string) => boolean): string[] {
  if (opts.lsub) return entry.noSelect ? ['\\Noselect'] : [];
  if (entry.nonExistent) return ['\\NonExistent', '\\Subscribed'];
  const attrs: string[] = [];
  if (entry.noSelect) attrs.push('\\Noselect');
  attrs.push(hasChild(entry.path) ? '\\HasChildren' : '\\HasNoChildren');
  if ((opts.returnSubscribed || opts.subscribedOnly) && entry.subscribed) attrs.push('\\Subscribed');
  if (entry.specialUse) attrs.push(entry.specialUse);
  return attrs;
}

function listLine(session: ImapSession, entry: MailboxListEntry, attrs: string[], extra: string): string {
  return `(${attrs.join(' ')}) "/" ${session.encodeMailbox(entry.path)}${extra}`;
}

async function runList(session: ImapSession, input: CommandInput, lsub: boolean): Promise<CommandResult> {
  const opts: ListOptions = {
    subscribedOnly: lsub,
    recursiveMatch: false,
    specialUseOnly: false,
    returnSubscribed: false,
    returnStatus: null,
    lsub,
  };
  const args = [...input.args];
  if (!lsub && args[0]?.type === 'list') parseSelection(args.shift() as ImapToken, opts);
  if (args.length < 2) throw new ImapSyntaxError('Missing reference or pattern');
  const reference = session.decodeMailboxPattern(args[0]);
  const patternToken = args[1] as ImapToken;
  const rawPatterns = patternToken.type === 'list' && !lsub ? patternToken.items : [patternToken];
  const patterns = rawPatterns.map((t) => session.decodeMailboxPattern(t));
  if (args.length > 2) {
    if (lsub || tokenAtom(args[2]).toUpperCase() !== 'RETURN' || args.length !== 4)
      throw new ImapSyntaxError('Invalid LIST');
    parseReturn(args[3], opts);
  }
  if (patterns.length === 1 && patterns[0] === '' && !opts.subscribedOnly) {
    await session.untagged(`${lsub ? 'LSUB' : 'LIST'} (\\Noselect) "/" ""`);
    return ok(`${input.name} completed`);
  }
  const matchers = patterns
    .filter((p) => p !== '')
    .map((p) => ({ re: patternToRegExp(reference + p), percent: (reference + p).includes('%') }));
  const all = await session.backend.listMailboxes(session.ctx);
  // Subscribed names without a mailbox only show where subscriptions are listed.
  const rows: ListRow[] = all.filter((e) => !e.nonExistent || opts.subscribedOnly);
  if (lsub) rows.push(...lsubParents(all, matchers));
  rows.sort((a, b) =>
    a.path === 'INBOX' ? -1 : b.path === 'INBOX' ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  const real = all.filter((e) => !e.nonExistent);
  const paths = new Set(real.map((e) => e.path));
  const hasChild = (path: string): boolean => real.some((e) => e.path.startsWith(`${path}/`));
  // RFC 5258 CHILDINFO: only for a subscribed descendant the answer does not already list.
  const subscribedChild = (path: string): boolean =>
    all.some(
      (e) => e.subscribed && e.path.startsWith(`${path}/`) && !matchers.some((m) => m.re.test(e.path)),
    );
  for (const entry of rows) {
    if (!matchers.some((m) => m.re.test(entry.path))) continue;
    if (opts.specialUseOnly && entry.specialUse === null) continue;
    let childInfo = false;
    if (opts.subscribedOnly && !entry.subscribed && !entry.lsubParent) {
      if (!(opts.recursiveMatch && subscribedChild(entry.path))) continue;
      childInfo = true;
    }
    const attrs = listAttributes(entry, opts, hasChild);
    const extra = childInfo ? ' ("CHILDINFO" ("SUBSCRIBED"))' : '';
    await session.untagged(`${lsub ? 'LSUB' : 'LIST'} ${listLine(session, entry, attrs, extra)}`);
    if (opts.returnStatus && !entry.noSelect && paths.has(entry.path)) {
      try {
        const status = await session.backend.status(session.ctx, entry.path);
        await session.untagged(
          `STATUS ${session.encodeMailbox(entry.path)} ${formatStatus(status, opts.returnStatus, session.options.maxAppendSize)}`,
        );
      } catch (error) {
        // A mailbox deleted between LIST and STATUS is simply skipped.
        session.logger.debug({ err: error instanceof Error ? error.name : 'unknown' }, 'list-status skipped');
      }
    }
  }
  return ok(`${input.name} completed`);
}

export const listCommand: CommandHandler = {
  states: AUTHENTICATED,
  run: (session, input) => runList(session, input, false),
};

export const lsubCommand: CommandHandler = {
  states: AUTHENTICATED,
  run: (session, input) => runList(session, input, true),
};
