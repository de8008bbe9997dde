import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOVEADM = '/usr/bin/doveadm';
const MAIL_UID = 65534;
const MAIL_GID = 65534;

/**
 * A throwaway Dovecot installation (Debian's package) used as the reference peer: a private config,
 * maildir storage under a temp dir, one static user. Only doveadm is used, no daemon.
 */
/** Network listeners to open on 127.0.0.1; omitted protocols stay off (doveadm needs none). */
export interface DovecotListeners {
  imap?: number;
  pop3?: number;
  lmtp?: number;
}

/** Every bench user logs in with this password. */
export const DOVECOT_BENCH_PASSWORD = 'bench';

const listenerConfig = (listeners: DovecotListeners): string[] => {
  const lines = [`protocols = ${Object.keys(listeners).join(' ')}`];
  if (listeners.imap !== undefined) {
    lines.push(
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${listeners.imap}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    );
  }
  if (listeners.pop3 !== undefined) {
    lines.push(
      `service pop3-login {\n  inet_listener pop3 {\n    address = 127.0.0.1\n    port = ${listeners.pop3}\n  }\n  inet_listener pop3s {\n    port = 0\n  }\n}`,
      'pop3_uidl_format = %08Xu%08Xv',
    );
  }
  if (listeners.lmtp !== undefined) {
    lines.push(
      `service lmtp {\n  inet_listener lmtp {\n    address = 127.0.0.1\n    port = ${listeners.lmtp}\n  }\n}`,
    );
  }
  return lines;
};

export class DovecotPeer {
  readonly root: string;
  readonly configFile: string;

  private constructor(root: string) {
    this.root = root;
    this.configFile = join(root, 'dovecot.conf');
  }

  static available(): boolean {
    return existsSync(DOVEADM);
  }

  /**
   * A new machine has no Dovecot: as root, install Debian's packages (the reference peer every bench
   * compares against); otherwise report whether it is there.
   */
  static ensureInstalled(log: (line: string) => void = () => undefined): boolean {
    const needed = ['/usr/lib/dovecot/imap', '/usr/lib/dovecot/pop3', '/usr/lib/dovecot/lmtp'];
    if (DovecotPeer.available() && needed.every((file) => existsSync(file))) return true;
    if (process.getuid?.() !== 0) return false;
    log('installing Debian dovecot-imapd, dovecot-pop3d and dovecot-lmtpd for the reference peer');
    const result = spawnSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', 'dovecot-imapd', 'dovecot-pop3d', 'dovecot-lmtpd'],
      { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 },
    );
    // The package starts a system-wide daemon on the standard ports; the bench runs its own private one.
    spawnSync('systemctl', ['stop', 'dovecot'], { stdio: 'ignore' });
    spawnSync('pkill', ['-x', 'dovecot'], { stdio: 'ignore' });
    return result.status === 0 && DovecotPeer.available();
  }

  /** Starts the Dovecot master with this private config: doveadm resolves users through its auth service. */
  static create(listeners: DovecotListeners = {}): DovecotPeer {
    const root = mkdtempSync(join(tmpdir(), 'eider-dovecot-'));
    const peer = new DovecotPeer(root);
    chmodSync(root, 0o755);
    for (const dir of ['run', 'home', 'state']) mkdirSync(join(root, dir), { recursive: true });
    chownSync(join(root, 'home'), MAIL_UID, MAIL_GID);
    writeFileSync(
      peer.configFile,
      [
        `base_dir = ${root}/run`,
        `log_path = ${root}/dovecot.log`,
        ...listenerConfig(listeners),
        'disable_plaintext_auth = no',
        // Benches open many sessions for one user from 127.0.0.1; the default allows 10.
        'protocol imap {\n  mail_max_userip_connections = 512\n}',
        'auth_mechanisms = plain login',
        `state_dir = ${root}/state`,
        'ssl = no',
        `first_valid_uid = ${MAIL_UID}`,
        `mail_location = maildir:${root}/home/%u/Maildir`,
        `passdb {\n  driver = static\n  args = password=${DOVECOT_BENCH_PASSWORD}\n}`,
        `userdb {\n  driver = static\n  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${root}/home/%u allow_all_users=yes\n}`,
        '',
      ].join('\n'),
    );
    // The master daemonises and keeps its stdio: inherited pipes would keep spawnSync waiting forever.
    const started = spawnSync('/usr/sbin/dovecot', ['-c', peer.configFile], {
      stdio: 'ignore',
      timeout: 30_000,
    });
    // The pid file appears shortly after the launching process returns.
    const pidFile = join(root, 'run', 'master.pid');
    for (let waited = 0; started.status === 0 && !existsSync(pidFile) && waited < 10_000; waited += 50) {
      spawnSync('sleep', ['0.05']);
    }
    if (started.status !== 0 || !existsSync(pidFile)) {
      throw new Error(`dovecot did not start; see ${root}/dovecot.log`);
    }
    return peer;
  }

  doveadm(
    args: string[],
    input?: Buffer,
    timeoutMs = 600_000,
  ): { status: number | null; stdout: Buffer; stderr: string } {
    const result = spawnSync(DOVEADM, ['-c', this.configFile, ...args], {
      input,
      maxBuffer: 1 << 30,
      timeout: timeoutMs,
    });
    const killed = result.signal
      ? `killed by ${result.signal}${result.error ? ` (${result.error.message})` : ''}`
      : '';
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() || killed };
  }

  /** Imports an mbox file into INBOX in one doveadm process. */
  importMbox(user: string, mboxFile: string): void {
    const mboxRoot = join(this.root, 'mbox-root');
    mkdirSync(mboxRoot, { recursive: true });
    // Dovecot keeps its index files for the source mbox there, as the mail user.
    chownSync(mboxRoot, MAIL_UID, MAIL_GID);
    chmodSync(mboxFile, 0o644);
    // 200k messages took over 10 minutes on a busy 2-core machine; the limit only catches a wedged import.
    // Seeding only: an fsync per message made the import take half an hour, and no measurement writes here.
    const result = this.doveadm(
      ['-o', 'mail_fsync=never', 'import', '-u', user, `mbox:${mboxRoot}:INBOX=${mboxFile}`, '', 'all'],
      undefined,
      3_600_000,
    );
    if (result.status !== 0) throw new Error(`doveadm import failed: ${result.stderr}`);
  }

  /** Reads every message's full text; returns the byte count. */
  fetchAllText(user: string): number {
    const result = this.doveadm(['fetch', '-u', user, 'text', 'mailbox', 'INBOX']);
    if (result.status !== 0) throw new Error(`doveadm fetch failed: ${result.stderr}`);
    return result.stdout.length;
  }

  remove(): void {
    spawnSync('/usr/sbin/dovecot', ['-c', this.configFile, 'stop'], { stdio: 'ignore', timeout: 30_000 });
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Builds an mbox from raw messages (From_ lines escaped), the format doveadm import reads. */
export const toMbox = (messages: Buffer[]): Buffer =>
  Buffer.concat(
    messages.flatMap((raw) => [
      Buffer.from('From bench@example.com Mon Nov  2 10:00:00 2026\n'),
      Buffer.from(
        raw
          .toString('latin1')
          .replace(/\r\n/g, '\n')
          .replace(/^(>*From )/gm, '>$1'),
        'latin1',
      ),
      Buffer.from('\n\n'),
    ]),
  );
