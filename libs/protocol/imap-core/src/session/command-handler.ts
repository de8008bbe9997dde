import type { ImapToken } from '../protocol/command-tokens';
import type { ImapSession } from './imap-session';

export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

export type TaggedStatus = 'OK' | 'NO' | 'BAD';

export interface CommandResult {
  status: TaggedStatus;
  /** Response code without brackets, e.g. `APPENDUID 1 5`. */
  code?: string | null;
  text: string;
  /** The handler already wrote the tagged response (STARTTLS). */
  sent?: boolean;
}

export interface CommandInput {
  tag: string;
  /** Command name as dispatched (`FETCH` for `UID FETCH`). */
  name: string;
  args: ImapToken[];
  /** True for the UID variant. */
  uid: boolean;
}

export interface CommandHandler {
  states: readonly SessionState[];
  /**
   * False for FETCH, STORE and SEARCH by sequence number: RFC 3501 7.4.1 forbids untagged
   * EXPUNGE while they run, so pending expunges wait for a later command.
   */
  allowExpunge?: (input: CommandInput) => boolean;
  run(session: ImapSession, input: CommandInput): Promise<CommandResult>;
}

export const ANY_STATE: readonly SessionState[] = ['not-authenticated', 'authenticated', 'selected'];
export const AUTHENTICATED: readonly SessionState[] = ['authenticated', 'selected'];
export const SELECTED: readonly SessionState[] = ['selected'];
export const NOT_AUTHENTICATED: readonly SessionState[] = ['not-authenticated'];

export function ok(text = 'Completed', code: string | null = null): CommandResult {
  return { status: 'OK', code, text };
}
export function no(text: string, code: string | null = null): CommandResult {
  return { status: 'NO', code, text };
}
export function bad(text: string, code: string | null = null): CommandResult {
  return { status: 'BAD', code, text };
}
