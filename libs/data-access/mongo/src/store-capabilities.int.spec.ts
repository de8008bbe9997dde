import { connectTestDatabase, onEmbeddedStore } from '@eider/testing';
import { MongoClient, type Db } from 'mongodb';
import { detectStoreCapabilities, type StoreCapabilities } from './store-capabilities';

/**
 * The capability flags decide which code paths Eider takes (TTL index or sweeper, transactions or
 * ordered idempotent writes), so each flag is checked against what the store really does, not just
 * against what detection returns.
 */
describe('detectStoreCapabilities (real store)', () => {
  let client: MongoClient;
  let db: Db;
  let capabilities: StoreCapabilities;

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    capabilities = await detectStoreCapabilities(db);
  });
  afterAll(async () => {
    await client.close();
  });

  it('names the backend the run uses', () => {
    if (onEmbeddedStore()) {
      expect(capabilities).toMatchObject({
        backend: 'ferretdb',
        ttlIndexes: false,
        partialIndexes: false,
        transactions: false,
        changeStreams: false,
      });
      // The embedded store is pinned to FerretDB v1; v2 is a different product (DocumentDB-based).
      expect(capabilities.version).toMatch(/^v1\./);
    } else {
      expect(capabilities).toMatchObject({ backend: 'mongodb', ttlIndexes: true, partialIndexes: true });
      // Production requires MongoDB 7 or newer.
      expect(Number(capabilities.version.split('.')[0])).toBeGreaterThanOrEqual(7);
    }
  });

  it('reports transactions exactly when a transaction commits, and a failed one leaves nothing behind', async () => {
    const collection = db.collection<{ _id: string }>('capabilities_transactions');
    // Created outside the transaction: older servers refuse to create collections inside one.
    await collection.insertOne({ _id: 'seed' });
    const session = client.startSession();
    let committed = false;
    try {
      await session.withTransaction(async () => {
        await collection.insertOne({ _id: 'in-transaction' }, { session });
      });
      committed = true;
    } catch {
      // FerretDB v1 rejects the transaction fields on the first command (FailedToParse, "autocommit").
      committed = false;
    } finally {
      await session.endSession();
    }
    expect(committed).toBe(capabilities.transactions);
    expect(await collection.countDocuments({ _id: 'in-transaction' })).toBe(committed ? 1 : 0);
  });

  it('reports change streams exactly when one opens', async () => {
    const stream = db.collection('capabilities_change_streams').watch();
    let opened = false;
    try {
      // The aggregate that opens the stream is sent lazily; tryNext forces it and returns null when idle.
      await stream.tryNext();
      opened = true;
    } catch {
      opened = false;
    } finally {
      await stream.close();
    }
    expect(opened).toBe(capabilities.changeStreams);
  });
});
