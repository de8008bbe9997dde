import { Injectable } from '@nestjs/common';
import { MongoHealthService } from '@eider/mongo';
import { NodeRegistryService, RedisHealthService, type NodeAnnouncement } from '@eider/redis';

export interface HealthReport {
  status: 'ok' | 'degraded';
  mongo: Awaited<ReturnType<MongoHealthService['check']>>;
  redis: Awaited<ReturnType<RedisHealthService['check']>>;
  protocols: Pick<NodeAnnouncement, 'id' | 'services' | 'startedAt'>[];
}

@Injectable()
export class HealthService {
  constructor(
    private readonly mongo: MongoHealthService,
    private readonly redis: RedisHealthService,
    private readonly nodes: NodeRegistryService,
  ) {}

  async report(): Promise<HealthReport> {
    const [mongo, redis] = await Promise.all([this.mongo.check(), this.redis.check()]);
    const protocols =
      redis.status === 'ok'
        ? (await this.nodes.list('protocols')).map(({ id, services, startedAt }) => ({
            id,
            services,
            startedAt,
          }))
        : [];
    return {
      status: mongo.status === 'ok' && redis.status === 'ok' ? 'ok' : 'degraded',
      mongo,
      redis,
      protocols,
    };
  }
}
