import type { JournalBeaconPublisher, JournalBeaconSubscriber } from '@eider/mailstore';

/** Beacons are hints; a session still rereads now and then in case one was lost. */
const WATCH_POLL_MS = 15_000;
/** NOTIFY's user-wide watch: beacons carry nearly everything, the poll only catches what they miss. */
const USER_WATCH_POLL_MS = 60_000;
/**
 * The beacon "mailbox" that means "this user's list of mailboxes or subscriptions changed". It is no
 * ObjectId, so mailbox watchers never mistake it for one of theirs.
 */
const MAILBOX_LIST_BEACON = 'mailbox-list';

function watchBeacons(
  beacons: JournalBeaconSubscriber,
  userId: string,
  pollMs: number,
  onBeacon: (mailbox: string) => void,
  onMissed: () => void,
): () => void {
  const subscription = beacons
    .subscribe(userId, (beacon) => onBeacon(beacon.mailbox), { onReconnect: onMissed })
    .catch(() => undefined);
  const poll = setInterval(onMissed, pollMs);
  poll.unref();
  return () => {
    clearInterval(poll);
    void subscription.then((unsubscribe) => unsubscribe?.()).catch(() => undefined);
  };
}

/** IDLE and the selected mailbox: `onChange` whenever that mailbox may have changed. */
export function watchMailbox(
  beacons: JournalBeaconSubscriber,
  userId: string,
  mailboxId: string,
  onChange: () => void,
): () => void {
  return watchBeacons(
    beacons,
    userId,
    WATCH_POLL_MS,
    (mailbox) => mailbox === mailboxId && onChange(),
    onChange,
  );
}

/** NOTIFY: a mailbox id when that mailbox may have changed, null when anything may have. */
export function watchUserMailboxes(
  beacons: JournalBeaconSubscriber,
  userId: string,
  onChange: (mailboxId: string | null) => void,
): () => void {
  return watchBeacons(
    beacons,
    userId,
    USER_WATCH_POLL_MS,
    (mailbox) => onChange(mailbox === MAILBOX_LIST_BEACON ? null : mailbox),
    () => onChange(null),
  );
}

/** Tells NOTIFY sessions of this user, on any host, that mailboxes or subscriptions changed. */
export function announceMailboxListChange(beacons: JournalBeaconPublisher, userId: string): void {
  void beacons
    .publish(userId, { mailbox: MAILBOX_LIST_BEACON, modseq: 0, kind: 'list' })
    .catch(() => undefined);
}
