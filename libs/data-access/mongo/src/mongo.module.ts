import { Global, Module } from '@nestjs/common';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import type { Connection } from 'mongoose';
import { MongoHealthService } from './mongo-health.service';
import { STORE_CAPABILITIES } from './mongo.tokens';
import { detectStoreCapabilities } from './store-capabilities';

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [EIDER_CONFIG],
      useFactory: (config: EiderConfig) => {
        if (!config.mongo.uri) throw new Error('mongo.uri is not set; the launcher normally provides it');
        return {
          uri: config.mongo.uri,
          dbName: config.mongo.database,
          serverSelectionTimeoutMS: 5000,
          // Fail start-up with one clear line instead of retrying for half a minute.
          retryAttempts: 2,
          retryDelay: 1000,
          // Indexes are created explicitly, per store capabilities, not by mongoose at model compile time.
          autoIndex: false,
          autoCreate: false,
          monitorCommands: config.mongo.monitorCommands,
        };
      },
    }),
  ],
  providers: [
    MongoHealthService,
    {
      provide: STORE_CAPABILITIES,
      inject: [getConnectionToken()],
      useFactory: async (connection: Connection) => {
        const db = connection.db;
        if (!db) throw new Error('MongoDB connection has no database handle');
        return detectStoreCapabilities(db);
      },
    },
  ],
  exports: [MongoHealthService, STORE_CAPABILITIES],
})
export class MongoModule {}
