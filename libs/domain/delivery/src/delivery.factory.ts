import type Redis from 'ioredis';
import { ensureIndexes } from '@eider/mongo';
import type { MailStore } from '@eider/mailstore';
import { AutoreplyService } from './autoreply/autoreply.service';
import { deliveryIndexes } from './delivery.indexes';
import { FilterService } from './filters/filter.service';
import { OutboundSender } from './outbound/outbound-sender';
import { DeliveryService } from './pipeline/delivery.service';
import {
  silentDeliveryLog,
  type DeliveryLog,
  type DeliveryOptions,
  type RecipientResolver,
} from './pipeline/delivery.types';
import { DurabilityBarrier } from './pipeline/durability-barrier';
import { OutboundActions } from './pipeline/outbound-actions';
import { OutboundThrottle } from './pipeline/outbound-throttle';
import { DeliverySettingsService } from './settings/delivery-settings.service';

export interface DeliveryWiringOptions extends DeliveryOptions {
  /** nodemailer SMTP URL for forwards and autoreplies; '' disables them. */
  relayUrl: string;
  outboundTimeoutMs?: number;
  log?: DeliveryLog;
}

/** Plain wiring of the delivery services for one store, for the Nest module, tests and tools. */
export class Delivery {
  readonly filters: FilterService;
  readonly settings: DeliverySettingsService;
  readonly autoreplies: AutoreplyService;
  readonly sender: OutboundSender;
  readonly service: DeliveryService;

  constructor(
    readonly store: MailStore,
    redis: Redis,
    resolver: RecipientResolver,
    options: DeliveryWiringOptions,
  ) {
    const log = options.log ?? silentDeliveryLog;
    this.filters = new FilterService(store.db);
    this.settings = new DeliverySettingsService(store.db);
    this.autoreplies = new AutoreplyService(store.db);
    this.sender = new OutboundSender({
      relayUrl: options.relayUrl,
      ...(options.outboundTimeoutMs ? { timeoutMs: options.outboundTimeoutMs } : {}),
    });
    const outbound = new OutboundActions(
      this.sender,
      new OutboundThrottle(redis, options.keyPrefix),
      {
        forwardsPerUserPerHour: options.forwardsPerUserPerHour,
        autoreplyIntervalSeconds: options.autoreplyIntervalSeconds,
      },
      log,
    );
    this.service = new DeliveryService(
      {
        store,
        resolver,
        filters: this.filters,
        settings: this.settings,
        autoreplies: this.autoreplies,
        outbound,
        barrier: new DurabilityBarrier(store.db, store.capabilities),
        relayEnabled: this.sender.relayEnabled,
        log,
      },
      options,
    );
  }

  /** Creates the delivery collections' indexes (idempotent). */
  ensureIndexes(): Promise<number> {
    return ensureIndexes(this.store.db, deliveryIndexes);
  }

  close(): void {
    this.sender.close();
  }
}
