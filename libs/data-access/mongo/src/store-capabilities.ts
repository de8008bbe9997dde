import type { Db } from 'mongodb';

/**
 * What the connected store can do. FerretDB v1 speaks the MongoDB wire protocol but lacks TTL and
 * partial indexes, transactions and change streams; Eider uses those features only where they exist
 * and otherwise falls back to the tested alternatives described in docs/storage-compatibility.md.
 */
export interface StoreCapabilities {
  backend: 'mongodb' | 'ferretdb';
  version: string;
  ttlIndexes: boolean;
  partialIndexes: boolean;
  transactions: boolean;
  changeStreams: boolean;
}

interface BuildInfo {
  version?: string;
  ferretdbVersion?: string;
  ferretdb?: { version?: string };
}

interface HelloReply {
  setName?: string;
  msg?: string;
}

export const detectStoreCapabilities = async (db: Db): Promise<StoreCapabilities> => {
  const admin = db.admin();
  const info = (await admin.command({ buildInfo: 1 })) as BuildInfo;
  const ferretVersion = info.ferretdbVersion ?? info.ferretdb?.version;
  if (ferretVersion) {
    return {
      backend: 'ferretdb',
      version: ferretVersion,
      ttlIndexes: false,
      partialIndexes: false,
      transactions: false,
      changeStreams: false,
    };
  }
  const hello = (await admin.command({ hello: 1 })) as HelloReply;
  // Transactions and change streams need a replica set or a sharded cluster (mongos says msg: isdbgrid).
  const clustered = Boolean(hello.setName) || hello.msg === 'isdbgrid';
  return {
    backend: 'mongodb',
    version: info.version ?? 'unknown',
    ttlIndexes: true,
    partialIndexes: true,
    transactions: clustered,
    changeStreams: clustered,
  };
};
