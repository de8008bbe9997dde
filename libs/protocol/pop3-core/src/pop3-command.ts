import type { Pop3AuthMechanism } from './pop3-backend';
import type { Pop3Line } from './pop3-line.reader';
import type { Pop3ResponseCode } from './pop3-response';
import type { Pop3Settings } from './pop3-settings';
import type { Pop3Transaction } from './pop3-transaction';

export type Pop3State = 'AUTHORIZATION' | 'TRANSACTION' | 'UPDATE';

/** What a command may see and do; implemented by the session. */
export interface Pop3Context {
  readonly state: Pop3State;
  readonly secure: boolean;
  readonly settings: Pop3Settings;
  /** STLS can be offered: credentials exist and the connection is still plaintext. */
  readonly tlsAvailable: boolean;
  /** USER/PASS and AUTH may be used on this connection now. */
  readonly plaintextAuthAllowed: boolean;
  /** The name given by USER, waiting for PASS. */
  pendingUsername: string | null;
  /** Set in TRANSACTION. */
  readonly transaction: Pop3Transaction | null;
  ok(text: string): Promise<void>;
  /** A refusal that is not the client's fault (lock held, temporary failure). */
  err(text: string, code?: Pop3ResponseCode): Promise<void>;
  /** Bad input: answered like err, and counted towards the session's bad-command limit. */
  reject(text: string, code?: Pop3ResponseCode): Promise<void>;
  /** +OK with `text`, then each line (byte-stuffed) and the terminator, written with backpressure. */
  multiline(text: string, lines: Iterable<string>): Promise<void>;
  /** RETR (bodyLines null) or TOP: +OK, the byte-stuffed content and the terminator. */
  sendMessage(index: number, bodyLines: number | null): Promise<void>;
  login(username: string, password: string, mechanism: Pop3AuthMechanism): Promise<void>;
  /** Sends a SASL continuation and reads the client's answer, which may be longer than a command. */
  challenge(text: string): Promise<Pop3Line>;
  startTls(): Promise<void>;
  /** QUIT: enters UPDATE from TRANSACTION, answers, and ends the session. */
  quit(): Promise<void>;
}

export interface Pop3Command {
  readonly name: string;
  readonly states: readonly Pop3State[];
  /** `args` is everything after the command name and one space, unmodified. */
  run(context: Pop3Context, args: string): Promise<void>;
}

/** Arguments separated by single spaces, as RFC 1939 writes them; runs of spaces are tolerated. */
export const splitArgs = (args: string): string[] => args.split(' ').filter((part) => part !== '');
