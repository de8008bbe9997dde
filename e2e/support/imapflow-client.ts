import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import {
  createTestAccount,
  startProtocols,
  type RunningProtocols,
  type TestAccount,
} from './protocols-process';

export interface ImapFlowConnectOptions {
  /** Implicit TLS on the 993-style port; otherwise the plain port, where imapflow upgrades with STARTTLS. */
  tls?: boolean;
  /** Anything else imapflow takes (qresync, disableCompression, ...). */
  flow?: Partial<ImapFlowOptions>;
}

/** A connected, logged-in imapflow client for `account` on a protocols process started by the suite. */
export const connectImapFlow = async (
  server: RunningProtocols,
  account: TestAccount,
  options: ImapFlowConnectOptions = {},
): Promise<ImapFlow> => {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: options.tls ? server.imapTlsPort : server.imapPort,
    secure: options.tls ?? false,
    // The development certificate is self-signed; STARTTLS is still required before LOGIN.
    tls: { rejectUnauthorized: false },
    auth: { user: account.username, pass: account.password },
    logger: false,
    ...options.flow,
  });
  await client.connect();
  return client;
};

/** A protocols process serving IMAP only, and one account, for the enclosing `describe`. */
export const useImapProtocols = (): { readonly server: RunningProtocols; readonly account: TestAccount } => {
  let server: RunningProtocols | undefined;
  let account: TestAccount | undefined;
  beforeAll(async () => {
    server = await startProtocols({ EIDER_LMTP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false' });
    account = createTestAccount();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the IMAP process exists only while the suite runs');
    return value;
  };
  return {
    get server() {
      return running(server);
    },
    get account() {
      return running(account);
    },
  };
};
