import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { NodeRegistryService } from '@eider/redis';
import { PinoLogger } from 'nestjs-pino';

/**
 * The protocols process has no HTTP server, so it reports readiness through the node registry
 * (shown by the api's /health) once every module, and later every listener, has started.
 */
@Injectable()
export class ReadinessService implements OnApplicationBootstrap {
  constructor(
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
    private readonly registry: NodeRegistryService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('readiness');
  }

  enabledServices(): string[] {
    return (['imap', 'pop3', 'lmtp'] as const).filter((name) => this.config[name].enabled);
  }

  async onApplicationBootstrap(): Promise<void> {
    const services = this.enabledServices();
    await this.registry.announce('protocols', services);
    this.logger.info({ state: 'ready', services }, 'protocols ready');
  }
}
