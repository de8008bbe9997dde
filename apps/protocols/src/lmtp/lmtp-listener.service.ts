import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { DeliveryService } from '@eider/delivery';
import { PinoLogger } from 'nestjs-pino';
import type { SMTPServer } from 'smtp-server';
import { TlsCredentialsService } from '../tls/tls-credentials.service';
import { LmtpHandlers } from './lmtp-handlers';
import { createLmtpServer } from './lmtp-server.factory';

/** How long shutdown lets deliveries that are already receiving or storing a message finish. */
const DRAIN_TIMEOUT_MS = 15_000;

/** The LMTP listener (RFC 2033) on smtp-server, started only when `lmtp.enabled`. */
@Injectable()
export class LmtpListenerService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private server: SMTPServer | undefined;
  private handlers: LmtpHandlers | undefined;

  constructor(
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
    private readonly delivery: DeliveryService,
    private readonly tls: TlsCredentialsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('lmtp');
  }

  /** The bound port (useful when configured as 0), or null when not listening. */
  get port(): number | null {
    const address = this.server?.server.address() as AddressInfo | null | undefined;
    return address ? address.port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { lmtp, limits } = this.config;
    if (!lmtp.enabled) return;
    const handlers = new LmtpHandlers(
      this.delivery,
      { maxMessageSize: limits.maxMessageSize, overQuotaPermanent: lmtp.overQuotaPermanent },
      this.logger,
    );
    this.handlers = handlers;
    const credentials = lmtp.starttls ? this.tls.get() : undefined;
    const server = createLmtpServer(handlers, {
      name: lmtp.hostname || hostname(),
      maxMessageSize: limits.maxMessageSize,
      tls: credentials,
    });
    server.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'lmtp server error'));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(lmtp.port, lmtp.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.info(
      {
        host: lmtp.host,
        port: this.port,
        starttls: Boolean(credentials),
        maxMessageSize: limits.maxMessageSize,
      },
      'lmtp listening',
    );
  }

  /** Stop accepting, let deliveries in progress finish (up to a timeout), then close the sessions. */
  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.server.close();
    const drained = (await this.handlers?.drain(DRAIN_TIMEOUT_MS)) ?? true;
    if (!drained)
      this.logger.warn({ pending: this.handlers?.pending }, 'lmtp shutdown: deliveries still running');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.logger.info('lmtp stopped');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
  }
}
