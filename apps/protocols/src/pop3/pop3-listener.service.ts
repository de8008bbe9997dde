import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { Pop3Server, type Pop3LogEvent } from '@eider/pop3-core';
import { PinoLogger } from 'nestjs-pino';
import { TlsCredentialsService } from '../tls/tls-credentials.service';
import { StorePop3Backend } from './store-pop3.backend';

/**
 * Starts the POP3 listeners config enables: the plaintext port (with STLS) and, when TLS credentials
 * exist, the implicit TLS port. Shutdown closes both and ends sessions without applying their changes.
 */
@Injectable()
export class Pop3ListenerService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private server: Pop3Server | undefined;

  constructor(
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
    private readonly backend: StorePop3Backend,
    private readonly tls: TlsCredentialsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('pop3');
  }

  async onApplicationBootstrap(): Promise<void> {
    const { pop3, limits } = this.config;
    if (!pop3.enabled) return;
    const server = new Pop3Server({
      backend: this.backend,
      hostname: hostname(),
      allowPlaintextAuth: pop3.allowPlaintextAuth,
      idleTimeoutMs: pop3.idleTimeoutSeconds * 1000,
      maxBadCommands: limits.maxBadCommands,
      // RFC 2449 allows 255-octet commands; 512 leaves room for long UTF-8 user names.
      maxCommandLength: Math.min(512, limits.maxLineLength),
      tlsContext: () => this.tls.secureContext(),
      log: (event) => this.logEvent(event),
    });
    this.server = server;
    await server.listen({ port: pop3.port, host: pop3.host });
    this.logger.info({ port: pop3.port, host: pop3.host }, 'pop3 listening');
    const context = this.tls.secureContext();
    if (pop3.implicitTls.enabled && context) {
      await server.listen({ port: pop3.implicitTls.port, host: pop3.host, implicitTls: context });
      this.logger.info({ port: pop3.implicitTls.port, host: pop3.host }, 'pop3 implicit TLS listening');
    } else if (pop3.implicitTls.enabled) {
      this.logger.warn('pop3 implicit TLS is enabled but no TLS credentials exist; not listening on it');
    }
  }

  /**
   * Before any module's onApplicationShutdown: Redis and MongoDB are still connected, so a session in
   * UPDATE finishes its commit and every lease is released rather than left to expire.
   */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const sessions = server.sessionCount;
    await server.close();
    this.logger.info({ sessions }, 'pop3 stopped');
  }

  private logEvent(event: Pop3LogEvent): void {
    const { error, ...fields } = event;
    switch (event.event) {
      case 'error':
      case 'listener-error':
        this.logger.error({ ...fields, err: error }, `pop3 ${event.event}`);
        return;
      case 'command':
        // One line per command at debug; logins, updates and closes stay at info.
        this.logger.debug(fields, 'pop3 command');
        return;
      default:
        this.logger.info(error === undefined ? fields : { ...fields, err: error }, `pop3 ${event.event}`);
    }
  }
}
