import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { detectStoreCapabilities } from '@eider/mongo';
import { MailStore } from '@eider/mailstore';
import { reviveMimeTree } from '@eider/mime';
import { startBenchStore, progress, type BenchStore } from './support/bench-stack';
import { generateLargeMessage, loadCorpus } from './support/corpus';
import { DovecotPeer, toMbox } from './support/dovecot-peer';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const USERS = 100;
const MB = 1024 * 1024;

interface Row {
  measure: string;
  eider: string;
  dovecot: string;
  ratio: string;
}

const rate = (count: number, ms: number): number => (count / ms) * 1000;
const fmt = (value: number, digits = 1): string => value.toFixed(digits);

const replayCorpus = async (
  bench: BenchStore,
  corpus: Buffer[],
): Promise<{ perSecond: number; count: number }> => {
  const user = await bench.store.users.create({ username: `replay-${Date.now()}` });
  const inbox = await bench.store.mailboxes.getByPath(user._id, 'INBOX');
  const total = corpus.length * ROUNDS;
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    await bench.store.ingest.add(inbox, corpus[index % corpus.length]!);
    progress('corpus replay', index + 1, total);
  }
  return { perSecond: rate(total, performance.now() - started), count: total };
};

/** Rebuilds every stored message from one cursor: the rebuild's speed, not the store's point lookups. */
const rebuildAll = async (bench: BenchStore): Promise<{ mbPerSecond: number; bytes: number }> => {
  const bodies = bench.store.messageBodies.bodies;
  let bytes = 0;
  const started = performance.now();
  // The trees live in `message_bodies`, one per message.
  for await (const message of bodies.find({}).batchSize(50)) {
    for await (const chunk of bench.store.messages.rebuild(reviveMimeTree(message.tree)))
      bytes += (chunk as Buffer).length;
  }
  return { mbPerSecond: bytes / MB / ((performance.now() - started) / 1000), bytes };
};

/** Rebuilds one message in a fresh child process, so its peak RSS is the rebuild's and nothing else's. */
const peakRssOfRebuild = (
  bench: BenchStore,
  mailbox: ObjectId,
  uid: number,
): Promise<{ baselineMb: number; peakMb: number; bytes: number }> =>
  new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      ['--rebuild-child', bench.stack.mongoUri, bench.db.databaseName, mailbox.toHexString(), String(uid)],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    child.once('message', (result) =>
      resolve(result as { baselineMb: number; peakMb: number; bytes: number }),
    );
    child.once('error', reject);
  });

const runRebuildChild = async ([uri, database, mailbox, uid]: string[]): Promise<void> => {
  const client = await MongoClient.connect(uri!);
  const db = client.db(database);
  const store = new MailStore(db, await detectStoreCapabilities(db), {
    maxMessageSize: 80 * MB,
    journalRetentionSeconds: 3600,
  });
  const message = await store.messages.get(new ObjectId(mailbox!), Number(uid));
  const baselineMb = process.memoryUsage().rss / MB;
  let bytes = 0;
  for await (const chunk of store.messages.rebuild(message.tree)) bytes += (chunk as Buffer).length;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.send?.({ baselineMb, peakMb, bytes }, () => void client.close().then(() => process.exit(0)));
};

const sameAttachmentToUsers = async (bench: BenchStore): Promise<{ gridFsBytes: number; raw: Buffer }> => {
  const attachment = randomBytes(5 * MB);
  const raw = Buffer.from(
    'From: a@example.com\r\nTo: many@example.com\r\nSubject: same attachment\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x\r\n' +
      'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${attachment.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--x--\r\n`,
  );
  const gridFsBytes = async (): Promise<number> =>
    (
      await bench.db
        .collection<{ length: number }>('attachments.files')
        .find({}, { projection: { length: 1 } })
        .toArray()
    ).reduce((sum, file) => sum + file.length, 0);
  const before = await gridFsBytes();
  for (let index = 0; index < USERS; index++) {
    const user = await bench.store.users.create({ username: `fanout-${index}-${Date.now()}` });
    await bench.store.ingest.add(await bench.store.mailboxes.getByPath(user._id, 'INBOX'), raw);
    progress('same attachment to users', index + 1, USERS);
  }
  return { gridFsBytes: (await gridFsBytes()) - before, raw };
};

const dovecotRow = (peer: DovecotPeer | null, work: (peer: DovecotPeer) => number): number | null =>
  peer ? work(peer) : null;

const main = async (): Promise<void> => {
  const corpus = loadCorpus();
  if (!corpus)
    throw new Error('the shared mail corpus (../shared/corpus/mail-fixtures) is required for bench/store');
  const peer = DovecotPeer.ensureInstalled(console.log) ? DovecotPeer.create() : null;
  if (!peer)
    process.stderr.write(
      'bench: Dovecot (doveadm) not installed; install dovecot-imapd for the peer columns\n',
    );
  const bench = await startBenchStore();
  const rows: Row[] = [];
  try {
    const replay = await replayCorpus(bench, corpus);
    const dovecotReplay = dovecotRow(peer, (dovecot) => {
      const mbox = join(dovecot.root, 'corpus.mbox');
      writeFileSync(
        mbox,
        toMbox(Array.from({ length: replay.count }, (_value, index) => corpus[index % corpus.length]!)),
      );
      const started = performance.now();
      dovecot.importMbox('replay', mbox);
      return rate(replay.count, performance.now() - started);
    });
    rows.push(row('messages stored per second (corpus replay)', replay.perSecond, dovecotReplay));

    const rebuilt = await rebuildAll(bench);
    const dovecotRebuild = dovecotRow(peer, (dovecot) => {
      const started = performance.now();
      const bytes = dovecot.fetchAllText('replay');
      return bytes / MB / ((performance.now() - started) / 1000);
    });
    rows.push(row('rebuild throughput, MB/s (all stored messages)', rebuilt.mbPerSecond, dovecotRebuild));

    // A 1 MB message in the same kind of fresh child shows what the rebuild itself adds at 50 MB.
    const owner = await bench.store.users.create({ username: `large-${Date.now()}` });
    const inbox = await bench.store.mailboxes.getByPath(owner._id, 'INBOX');
    for (const sizeMb of [1, 50]) {
      const message = generateLargeMessage(sizeMb * MB);
      const stored = await bench.store.ingest.add(inbox, message);
      const rss = await peakRssOfRebuild(bench, inbox._id, stored.uid);
      if (rss.bytes !== message.length) {
        throw new Error(`rebuild returned ${rss.bytes} bytes, expected ${message.length}`);
      }
      rows.push({
        measure: `peak RSS rebuilding a ${fmt(message.length / MB)} MB message (MB)`,
        eider: `${fmt(rss.peakMb)} (baseline ${fmt(rss.baselineMb)})`,
        dovecot: '-',
        ratio: '-',
      });
    }

    const fanout = await sameAttachmentToUsers(bench);
    const dovecotFanout = dovecotRow(peer, (dovecot) => {
      const file = join(dovecot.root, 'fanout.eml');
      writeFileSync(file, fanout.raw);
      for (let index = 0; index < USERS; index++)
        dovecot.doveadm(['save', '-u', `fanout${index}`], fanout.raw);
      const du = dovecot.doveadm(['-f', 'flow', 'mailbox', 'status', '-u', 'fanout0', 'vsize', 'INBOX']);
      return Number(/vsize=(\d+)/.exec(du.stdout.toString())?.[1] ?? 0) * USERS;
    });
    rows.push({
      measure: `bytes in GridFS after ${USERS} users get the same 5 MB attachment (MB)`,
      eider: fmt(fanout.gridFsBytes / MB),
      dovecot: dovecotFanout === null ? '-' : `${fmt(dovecotFanout / MB)} (maildir, no SIS)`,
      ratio: dovecotFanout ? fmt(fanout.gridFsBytes / dovecotFanout, 3) : '-',
    });
  } finally {
    await bench.stop();
    peer?.remove();
  }
  printTable(rows, bench.backend);
};

const row = (measure: string, eider: number, dovecot: number | null): Row => ({
  measure,
  eider: fmt(eider),
  dovecot: dovecot === null ? '-' : fmt(dovecot),
  ratio: dovecot ? `${fmt(eider / dovecot, 2)}x` : '-',
});

const printTable = (rows: Row[], backendName: string): void => {
  const width = Math.max(...rows.map((entry) => entry.measure.length));
  process.stdout.write(`\nbench/store (store: ${backendName}; ratio = eider / dovecot)\n`);
  process.stdout.write(
    `${'measure'.padEnd(width)}  ${'eider'.padStart(22)}  ${'dovecot'.padStart(26)}  ratio\n`,
  );
  for (const entry of rows) {
    process.stdout.write(
      `${entry.measure.padEnd(width)}  ${entry.eider.padStart(22)}  ${entry.dovecot.padStart(26)}  ${entry.ratio}\n`,
    );
  }
};

if (process.argv[2] === '--rebuild-child') {
  runRebuildChild(process.argv.slice(3)).catch((error: unknown) => {
    process.stderr.write(`rebuild child failed: ${String(error)}\n`);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench/store failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
