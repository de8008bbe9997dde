import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from './redis.tokens';

export interface DependencyHealth {
  status: 'ok' | 'down';
  latencyMs?: number;
  error?: string;
}

@Injectable()
export class RedisHealthService {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async check(timeoutMs = 1000): Promise<DependencyHealth> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  }
}
