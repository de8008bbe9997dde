import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { checkDependency, type DependencyHealth } from '@eider/health';
import type { Connection } from 'mongoose';

@Injectable()
export class MongoHealthService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  check(timeoutMs = 1000): Promise<DependencyHealth> {
    const db = this.connection.db;
    if (!db) return Promise.resolve({ status: 'down', error: 'not connected' });
    return checkDependency(() => db.command({ ping: 1 }), timeoutMs);
  }
}
