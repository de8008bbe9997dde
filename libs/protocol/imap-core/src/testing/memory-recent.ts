/**
 * IMAP4rev1 \Recent for the in-memory backend: a message is recent in exactly one session,
 * the first read-write session to learn of it. Per mailbox a high-water mark records the
 * highest UID already handed out; UIDs only grow, so everything above it is unclaimed.
 * EXAMINE (read-only) sessions see the unclaimed UIDs as recent without claiming them.
 */
export class MemoryRecentClaims {
  private readonly claimedUpTo = new Map<string, number>();
  private readonly sessions = new Map<string, { mailboxId: string; readOnly: boolean }>();

  /** SELECT/EXAMINE: the UIDs the session holds as recent from now on. */
  selected(sessionId: string, mailboxId: string, readOnly: boolean, uids: readonly number[]): number[] {
    this.sessions.set(sessionId, { mailboxId, readOnly });
    return this.take(mailboxId, readOnly, uids);
  }

  /** New UIDs a session learns of through `changesSince`. */
  learned(sessionId: string, mailboxId: string, uids: readonly number[]): number[] {
    const session = this.sessions.get(sessionId);
    if (session?.mailboxId !== mailboxId) return [];
    return this.take(mailboxId, session.readOnly, uids);
  }

  /** STATUS RECENT: how many of `uids` no session has claimed. */
  unclaimed(mailboxId: string, uids: readonly number[]): number {
    const mark = this.claimedUpTo.get(mailboxId) ?? 0;
    return uids.filter((uid) => uid > mark).length;
  }

  ended(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  private take(mailboxId: string, readOnly: boolean, uids: readonly number[]): number[] {
    const mark = this.claimedUpTo.get(mailboxId) ?? 0;
    const recent = uids.filter((uid) => uid > mark);
    if (!readOnly)
      this.claimedUpTo.set(
        mailboxId,
        recent.reduce((a, b) => Math.max(a, b), mark),
      );
    return recent;
  }
}
