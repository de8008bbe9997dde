import { createServer as createTcpServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuthService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { ImapServer } from '@eider/imap-core';
import { MailStore } from '@eider/mailstore';
import { CHANGE_NOTIFIER, REDIS_CLIENT, type ChangeNotifier } from '@eider/redis';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { TlsCredentialsService } from '../tls/tls-credentials.service';
import { ImapMailboxRows } from './imap-mailbox-rows';
import { ImapSortData } from './imap-sort-data';
import { RecentClaims } from './recent-claims';
import { StoreImapBackend } from './store-imap.backend';

const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

/** Starts the IMAP listeners config enables: plaintext with STARTTLS, and implicit TLS. */
@Injectable()
export class ImapListenerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private imap: ImapServer | undefined;
  private readonly servers: Server[] = [];

  constructor(
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
    private readonly store: MailStore,
    private readonly auth: AuthService,
    @Inject(CHANGE_NOTIFIER) private readonly notifier: ChangeNotifier,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly tls: TlsCredentialsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('imap');
  }

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.imap;
    if (!settings.enabled) return;
    const secureContext = this.tls.secureContext();
    this.imap = new ImapServer({
      backend: new StoreImapBackend(
        this.store,
        this.auth,
        this.notifier,
        new RecentClaims(this.redis, this.config.redis.keyPrefix),
        { maxMessageSize: this.config.limits.maxMessageSize },
        new ImapSortData(this.store, this.redis, this.config.redis.keyPrefix),
        new ImapMailboxRows(this.store, this.redis, this.config.redis.keyPrefix),
      ),
      logger: this.logger.logger.child({ service: 'imap' }),
      ...(secureContext ? { secureContext } : {}),
      allowPlaintextAuth: settings.allowPlaintextAuth,
      maxLineLength: this.config.limits.maxLineLength,
      maxAppendSize: this.config.limits.maxMessageSize,
      maxBadCommands: this.config.limits.maxBadCommands,
      preAuthTimeoutSeconds: settings.preauthTimeoutSeconds,
      autologoutSeconds: settings.autologoutSeconds,
      idleKeepaliveSeconds: settings.idleKeepaliveSeconds,
    });
    const imap = this.imap;
    const plain = createTcpServer((socket) => imap.handle(socket, { secure: false }));
    await listen(plain, settings.port, settings.host);
    this.servers.push(plain);
    const credentials = this.tls.get();
    if (settings.implicitTls.enabled && credentials) {
      const secure = createTlsServer({ key: credentials.key, cert: credentials.cert }, (socket) =>
        imap.handle(socket, { secure: true }),
      );
      // A failed handshake is the client's problem; it must not reach the process as an error.
      secure.on('tlsClientError', () => undefined);
      await listen(secure, settings.implicitTls.port, settings.host);
      this.servers.push(secure);
    }
    this.logger.info(
      { port: settings.port, tlsPort: this.servers.length > 1 ? settings.implicitTls.port : null },
      'imap listening',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    for (const server of this.servers) server.close();
    // The core says BYE to every session and ends the sockets, so clients reconnect elsewhere at once.
    await this.imap?.close();
  }
}
