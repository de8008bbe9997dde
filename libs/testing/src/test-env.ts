import { MongoClient, type Db } from 'mongodb';
import { loadConfig, type EiderConfig } from '@eider/config';

/**
 * Integration and e2e tests run under `npm test`, which starts the store and Redis and passes their
 * URLs, a per-run database name and a per-run Redis key prefix through the environment.
 */
export const testConfig = (): EiderConfig & { mongo: { uri: string }; redis: { url: string } } => {
  const { config } = loadConfig();
  if (!config.mongo.uri || !config.redis.url) {
    throw new Error('integration tests need MONGODB_URI and REDIS_URL; run them through `npm test`');
  }
  return config as EiderConfig & { mongo: { uri: string }; redis: { url: string } };
};

/** True when the run uses the embedded FerretDB rather than a real MongoDB. */
export const onEmbeddedStore = (): boolean => process.env['TEST_EIDER_EMBEDDED_MONGO'] === '1';

/** A client on the run's own database; close the client in afterAll. */
export const connectTestDatabase = async (): Promise<{ client: MongoClient; db: Db }> => {
  const { mongo } = testConfig();
  const client = await MongoClient.connect(mongo.uri, { serverSelectionTimeoutMS: 5000 });
  return { client, db: client.db(mongo.database) };
};
