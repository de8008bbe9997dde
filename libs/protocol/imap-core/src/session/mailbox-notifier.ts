import type { MailboxListEntry, MailboxStatus } from '../imap-backend';
import type { ImapSession } from './imap-session';
import { encodeMailboxName } from './mailbox-names';
import { eventsFor, type NotifyEvent, type NotifyRequest, statusItemsFor } from './notify-filters';

interface KnownMailbox {
  path: string;
  subscribed: boolean;
}

const MESSAGE_EVENTS: readonly NotifyEvent[] = ['MessageNew', 'MessageExpunge', 'FlagChange'];

/**
 * NOTIFY (RFC 5465) for one session: watches all of the user's mailboxes through the backend's user-wide
 * change feed and reports what the client asked for: `STATUS` for mailboxes it has not selected, `LIST`
 * for mailboxes created, renamed, deleted or (un)subscribed, and the selected mailbox's own updates
 * without waiting for a command. Nothing is written while a command runs, except during IDLE; what
 * arrives then goes out just before that command's tagged reply.
 */
export class MailboxNotifier {
  private known = new Map<string, KnownMailbox>();
  private readonly statuses = new Map<string, MailboxStatus>();
  private dirty = new Set<string>();
  private relist = false;
  private chain: Promise<void> = Promise.resolve();
  private unwatch: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly session: ImapSession,
    private readonly request: NotifyRequest,
  ) {}

  private get selectedFilter(): { delayed: boolean } | null {
    for (const group of this.request.groups)
      if (group.filter.kind === 'selected' && group.events.size > 0) return { delayed: group.filter.delayed };
    return null;
  }

  /** Takes the first snapshot, sends the initial STATUS when asked (NOTIFY SET STATUS), then listens. */
  async start(): Promise<void> {
    this.known = await this.listMailboxes();
    for (const [id, mailbox] of this.known) {
      const events = this.messageEvents(id, mailbox);
      if (events.size === 0) continue;
      const status = await this.statusOf(mailbox.path);
      if (!status) continue;
      this.statuses.set(id, status);
      if (this.request.status) await this.session.untagged(this.statusLine(mailbox.path, status, events));
    }
    const watchUser = this.session.backend.watchUser?.bind(this.session.backend);
    this.unwatch = watchUser ? watchUser(this.session.ctx, (id) => this.changed(id)) : null;
  }

  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = null;
  }

  /** Runs what is pending now; the session calls it before each tagged reply. */
  async flushNow(): Promise<void> {
    await this.enqueue(false);
  }

  /** Pushes run one at a time, and a failed one does not stop those after it. */
  private enqueue(writeOut: boolean): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        await this.flush();
        if (writeOut) await this.session.writer.flush();
      })
      .catch((error: unknown) => {
        this.session.logger.warn(
          { err: error instanceof Error ? error.name : 'unknown' },
          'notify push failed',
        );
      });
    return this.chain;
  }

  private changed(mailboxId: string | null): void {
    if (this.stopped) return;
    if (mailboxId === null) {
      this.relist = true;
      for (const id of this.statuses.keys()) this.dirty.add(id);
      const selected = this.session.view?.mailboxId;
      if (selected) this.dirty.add(selected);
    } else {
      this.dirty.add(mailboxId);
    }
    // A command's own output must not be interleaved; IDLE is the exception, as it waits for pushes.
    if (this.session.isBusy && !this.session.interruptible) return;
    void this.enqueue(true);
  }

  private async flush(): Promise<void> {
    if (this.stopped || this.session.isFinished) return;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (this.relist) {
      this.relist = false;
      await this.reportMailboxList();
    }
    const view = this.session.view;
    for (const id of dirty) {
      if (view && id === view.mailboxId) {
        const selected = this.selectedFilter;
        // During IDLE the command pushes the selected mailbox's changes itself.
        if (selected && !this.session.interruptible) await this.session.syncMailbox(!selected.delayed);
        continue;
      }
      const mailbox = this.known.get(id);
      if (!mailbox) {
        this.relist = true;
        continue;
      }
      await this.reportStatus(id, mailbox);
    }
    if (this.relist) {
      this.relist = false;
      await this.reportMailboxList();
    }
  }

  private async reportStatus(id: string, mailbox: KnownMailbox): Promise<void> {
    const events = this.messageEvents(id, mailbox);
    if (events.size === 0) return;
    const before = this.statuses.get(id);
    const status = await this.statusOf(mailbox.path);
    if (!status) return;
    this.statuses.set(id, status);
    if (!before) return;
    const messagesChanged = before.messages !== status.messages || before.uidNext !== status.uidNext;
    const flagsChanged = before.highestModseq !== status.highestModseq && !messagesChanged;
    const reported = new Set<NotifyEvent>();
    if (messagesChanged)
      for (const event of ['MessageNew', 'MessageExpunge'] as const)
        if (events.has(event)) reported.add(event);
    if ((flagsChanged || (messagesChanged && reported.size > 0)) && events.has('FlagChange'))
      reported.add('FlagChange');
    if (before.uidValidity !== status.uidValidity) for (const event of events) reported.add(event);
    if (reported.size > 0) await this.session.untagged(this.statusLine(mailbox.path, status, reported));
  }

  /** LIST responses for mailboxes that appeared, moved, disappeared or changed subscription. */
  private async reportMailboxList(): Promise<void> {
    const next = await this.listMailboxes();
    const lines: string[] = [];
    for (const [id, mailbox] of next) {
      const old = this.known.get(id);
      const events = eventsFor(this.request.groups, mailbox.path, mailbox.subscribed);
      if (!old) {
        if (events.has('MailboxName')) lines.push(this.listLine(mailbox, ''));
        const status = this.messageEvents(id, mailbox).size > 0 ? await this.statusOf(mailbox.path) : null;
        if (status) this.statuses.set(id, status);
      } else if (old.path !== mailbox.path) {
        const oldEvents = eventsFor(this.request.groups, old.path, old.subscribed);
        if (events.has('MailboxName') || oldEvents.has('MailboxName'))
          lines.push(
            this.listLine(mailbox, ` ("OLDNAME" (${encodeMailboxName(old.path, this.session.utf8)}))`),
          );
      } else if (old.subscribed !== mailbox.subscribed && events.has('SubscriptionChange')) {
        lines.push(this.listLine(mailbox, ''));
      }
    }
    for (const [id, old] of this.known) {
      if (next.has(id)) continue;
      this.statuses.delete(id);
      if (eventsFor(this.request.groups, old.path, old.subscribed).has('MailboxName'))
        lines.push(`LIST (\\NonExistent) "/" ${encodeMailboxName(old.path, this.session.utf8)}`);
    }
    this.known = next;
    for (const line of lines) await this.session.untagged(line);
  }

  private messageEvents(id: string, mailbox: KnownMailbox): ReadonlySet<NotifyEvent> {
    // The selected mailbox is reported through its own responses, never through STATUS (RFC 5465 5.1).
    if (this.session.view?.mailboxId === id) return new Set();
    const events = eventsFor(this.request.groups, mailbox.path, mailbox.subscribed);
    return new Set(MESSAGE_EVENTS.filter((event) => events.has(event)));
  }

  private async listMailboxes(): Promise<Map<string, KnownMailbox>> {
    const entries: MailboxListEntry[] = await this.session.backend.listMailboxes(this.session.ctx);
    const known = new Map<string, KnownMailbox>();
    for (const entry of entries)
      if (!entry.nonExistent && !entry.noSelect)
        known.set(entry.id, { path: entry.path, subscribed: entry.subscribed });
    return known;
  }

  private async statusOf(path: string): Promise<MailboxStatus | null> {
    try {
      return await this.session.backend.status(this.session.ctx, path);
    } catch {
      // Deleted between the listing and now: the next listing reports it.
      return null;
    }
  }

  private statusLine(path: string, status: MailboxStatus, events: ReadonlySet<NotifyEvent>): string {
    const values: Record<string, number> = {
      MESSAGES: status.messages,
      UIDNEXT: status.uidNext,
      UIDVALIDITY: status.uidValidity,
      HIGHESTMODSEQ: status.highestModseq,
    };
    const items = statusItemsFor(events).map((item) => `${item} ${values[item]}`);
    return `STATUS ${encodeMailboxName(path, this.session.utf8)} (${items.join(' ')})`;
  }

  private listLine(mailbox: KnownMailbox, extended: string): string {
    const attributes = mailbox.subscribed ? '(\\Subscribed)' : '()';
    return `LIST ${attributes} "/" ${encodeMailboxName(mailbox.path, this.session.utf8)}${extended}`;
  }
}
