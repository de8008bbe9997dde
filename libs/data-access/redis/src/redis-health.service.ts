import { Inject, Injectable } from '@nestjs/common';
import { checkDependency, type DependencyHealth } from '@eider/health';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from './redis.tokens';

@Injectable()
export class RedisHealthService {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  check(timeoutMs = 1000): Promise<DependencyHealth> {
    return checkDependency(() => this.redis.ping(), timeoutMs);
  }
}
