import type { SecureContext } from 'node:tls';

import type { ImapBackend } from './imap-backend';

/** The pino-compatible subset the core logs through. */
export interface ImapLogger {
  child(bindings: Record<string, unknown>): ImapLogger;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
  debug(obj: Record<string, unknown>, msg?: string): void;
}

export const silentLogger: ImapLogger = {
  child: () => silentLogger,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

export interface ImapServerOptions {
  backend: ImapBackend;
  logger?: ImapLogger;
  /** Hostname in the greeting. */
  serverName?: string;
  /** Enables STARTTLS (and is used for nothing else; implicit TLS sockets arrive already wrapped). */
  secureContext?: SecureContext;
  /** Allow LOGIN/AUTHENTICATE without TLS. Default false (LOGINDISABLED). */
  allowPlaintextAuth?: boolean;
  /** Bytes per command line. Default 64 KiB. */
  maxLineLength?: number;
  /** Literal size for ordinary arguments. Default 64 KiB (8 KiB before authentication). */
  maxLiteralSize?: number;
  /** APPENDLIMIT: largest message accepted. Default 64 MiB. */
  maxAppendSize?: number;
  /** Parenthesis nesting. Default 32. */
  maxNestingDepth?: number;
  /** Unknown/invalid commands tolerated before `* BYE`. Default 20. */
  maxBadCommands?: number;
  /** Idle time before authentication. Default 60 s. */
  preAuthTimeoutSeconds?: number;
  /** Idle time after authentication (outside IDLE). Default and minimum 30 min. */
  autologoutSeconds?: number;
  /** `* OK Still here` interval during IDLE. Default 120 s. */
  idleKeepaliveSeconds?: number;
  /** Test hook: allow an autologout below the RFC minimum of 30 minutes. */
  unsafeAllowShortAutologout?: boolean;
}

export interface ResolvedImapOptions {
  backend: ImapBackend;
  logger: ImapLogger;
  serverName: string;
  secureContext: SecureContext | null;
  allowPlaintextAuth: boolean;
  maxLineLength: number;
  maxLiteralSize: number;
  maxAppendSize: number;
  maxNestingDepth: number;
  maxBadCommands: number;
  preAuthTimeoutMs: number;
  autologoutMs: number;
  idleKeepaliveMs: number;
}

export function resolveOptions(o: ImapServerOptions): ResolvedImapOptions {
  const autologout = o.autologoutSeconds ?? 1800;
  return {
    backend: o.backend,
    logger: o.logger ?? silentLogger,
    serverName: o.serverName ?? 'Eider',
    secureContext: o.secureContext ?? null,
    allowPlaintextAuth: o.allowPlaintextAuth ?? false,
    maxLineLength: o.maxLineLength ?? 64 * 1024,
    maxLiteralSize: o.maxLiteralSize ?? 64 * 1024,
    maxAppendSize: o.maxAppendSize ?? 64 * 1024 * 1024,
    maxNestingDepth: o.maxNestingDepth ?? 32,
    maxBadCommands: o.maxBadCommands ?? 20,
    preAuthTimeoutMs: (o.preAuthTimeoutSeconds ?? 60) * 1000,
    autologoutMs: (o.unsafeAllowShortAutologout ? autologout : Math.max(autologout, 1800)) * 1000,
    idleKeepaliveMs: (o.idleKeepaliveSeconds ?? 120) * 1000,
  };
}
