import { hostname } from 'node:os';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from './redis.tokens';

export interface NodeAnnouncement {
  id: string;
  role: string;
  host: string;
  pid: number;
  services: string[];
  startedAt: string;
  /** Epoch ms after which the entry is stale: the node stopped heartbeating. */
  expiresAt: number;
}

const HEARTBEAT_MS = 5_000;
const STALE_AFTER_MS = 15_000;

/**
 * Eider processes are stateless and interchangeable; this registry lets health checks and operators see
 * which ones are alive. One Redis hash, one field per process, refreshed by a heartbeat.
 */
@Injectable()
export class NodeRegistryService implements OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private announcement: NodeAnnouncement | undefined;
  private readonly key: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(EIDER_CONFIG) config: EiderConfig,
  ) {
    this.key = `${config.redis.keyPrefix}nodes`;
  }

  async announce(role: string, services: string[]): Promise<void> {
    const host = hostname();
    this.announcement = {
      id: `${role}:${host}:${process.pid}`,
      role,
      host,
      pid: process.pid,
      services,
      startedAt: new Date().toISOString(),
      expiresAt: 0,
    };
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch(() => undefined);
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    if (!this.announcement) return;
    this.announcement.expiresAt = Date.now() + STALE_AFTER_MS;
    await this.redis.hset(this.key, this.announcement.id, JSON.stringify(this.announcement));
  }

  async list(role?: string): Promise<NodeAnnouncement[]> {
    const entries = await this.redis.hgetall(this.key);
    const now = Date.now();
    const alive: NodeAnnouncement[] = [];
    const stale: string[] = [];
    for (const [field, value] of Object.entries(entries)) {
      try {
        const node = JSON.parse(value) as NodeAnnouncement;
        if (node.expiresAt < now) stale.push(field);
        else if (!role || node.role === role) alive.push(node);
      } catch {
        stale.push(field);
      }
    }
    if (stale.length > 0) await this.redis.hdel(this.key, ...stale);
    return alive;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.announcement) await this.redis.hdel(this.key, this.announcement.id).catch(() => 0);
  }
}
