import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

export interface MongoHealth {
  status: 'ok' | 'down';
  latencyMs?: number;
  error?: string;
}

@Injectable()
export class MongoHealthService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async check(timeoutMs = 1000): Promise<MongoHealth> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const db = this.connection.db;
      if (!db) return { status: 'down', error: 'not connected' };
      await Promise.race([
        db.command({ ping: 1 }),
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
