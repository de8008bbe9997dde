import type { SecureContext } from 'node:tls';

export interface Pop3Settings {
  /** Shown in the greeting. */
  hostname: string;
  /** The IMPLEMENTATION capability's value. */
  implementation: string;
  /** Allows USER/PASS and AUTH PLAIN before STLS. */
  allowPlaintextAuth: boolean;
  idleTimeoutMs: number;
  /** Bad commands (unknown, malformed, out of state, too long) after which the connection is closed. */
  maxBadCommands: number;
  /** Failed logins per connection before it is closed. */
  maxAuthFailures: number;
  /** RFC 2449 limits command lines to 255 octets; anything longer is refused without being buffered. */
  maxCommandLength: number;
  /** A SASL response line may be longer than a command. */
  maxAuthResponseLength: number;
  /** EXPIRE capability: messages are never removed by the server on its own. */
  expire: 'NEVER' | number;
  loginDelaySeconds: number;
  /** Undefined when TLS is unavailable; STLS is then neither offered nor accepted. */
  tlsContext: () => SecureContext | undefined;
}

export const DEFAULT_POP3_SETTINGS: Pop3Settings = {
  hostname: 'localhost',
  implementation: 'Eider',
  allowPlaintextAuth: false,
  idleTimeoutMs: 10 * 60_000,
  maxBadCommands: 20,
  maxAuthFailures: 3,
  maxCommandLength: 512,
  maxAuthResponseLength: 4096,
  expire: 'NEVER',
  loginDelaySeconds: 0,
  tlsContext: () => undefined,
};
