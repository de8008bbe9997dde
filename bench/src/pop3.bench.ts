import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Accounts } from '@eider/accounts';
import { createRedisClient } from '@eider/redis';
import { startBenchStore, progress, type BenchStore } from './support/bench-stack';
import { generateLargeMessage, loadCorpus } from './support/corpus';
import { DOVECOT_BENCH_PASSWORD, DovecotPeer, toMbox } from './support/dovecot-peer';
import { downloadAll, type DownloadResult } from './support/pop3-download';
import { freePort, startEiderProtocols, type EiderProtocols } from './support/eider-protocols';

const MESSAGES = Number(process.env['BENCH_POP3_MESSAGES'] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const USER = 'pop3bench';
const PASSWORD = 'pop3 bench password';
const MB = 1024 * 1024;
const COPY_BATCH = 1000;

/**
 * Fills the INBOX: the corpus once through the ingest path, then store copies of it (the same
 * documents under new UIDs) until there are `count`; message i is corpus[i % corpus.length].
 */
const seedEider = async (bench: BenchStore, accounts: Accounts, corpus: Buffer[], count: number) => {
  const user = await accounts.createAccount({ username: USER, password: PASSWORD });
  const inbox = await bench.store.mailboxes.getByPath(user._id, 'INBOX');
  const first = corpus.slice(0, Math.min(corpus.length, count));
  for (const [index, message] of first.entries()) {
    await bench.store.ingest.add(inbox, message);
    progress('eider ingest', index + 1, first.length);
  }
  let uids = await bench.store.messages.listUids(inbox._id);
  while (uids.length < count) {
    const prefix = uids.slice(0, Math.min(uids.length, count - uids.length));
    for (let offset = 0; offset < prefix.length; offset += COPY_BATCH) {
      await bench.store.messages.copy(inbox, prefix.slice(offset, offset + COPY_BATCH), inbox);
    }
    uids = await bench.store.messages.listUids(inbox._id);
    progress('eider copies', Math.min(uids.length, count), count);
  }
};

/** The best of `ROUNDS` downloads: the first round also warms caches on both sides. */
const best = async (label: string, run: () => Promise<DownloadResult>): Promise<DownloadResult> => {
  let top: DownloadResult | null = null;
  for (let round = 1; round <= ROUNDS; round++) {
    const result = await run();
    process.stderr.write(
      `bench: ${label} round ${round}: ${result.messages} messages, ${(result.bytes / MB).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s\n`,
    );
    if (!top || result.ms < top.ms) top = result;
  }
  if (!top) throw new Error('BENCH_ROUNDS must be at least 1');
  return top;
};

const main = async (): Promise<void> => {
  // The shared corpus when it is there; otherwise small generated messages so the bench still runs.
  const corpus =
    loadCorpus() ?? Array.from({ length: 50 }, (_value, index) => generateLargeMessage(8192, 1, index + 1));
  const bench = await startBenchStore();
  const redis = createRedisClient({ url: bench.stack.redisUrl, connectionName: 'pop3-bench' });
  const peerAvailable = DovecotPeer.ensureInstalled((line) => process.stderr.write(`bench: ${line}\n`));
  const dovecotPort = await freePort();
  const peer = peerAvailable ? DovecotPeer.create({ pop3: dovecotPort }) : null;
  if (!peer) process.stderr.write('bench: Dovecot is not installed; only Eider is measured\n');
  let protocols: EiderProtocols | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      if (protocols) await protocols.stop();
      await redis.quit().catch(() => undefined);
      await bench.stop();
      peer?.remove();
    })());
  // Interrupted runs must not leave FerretDB, Redis, Dovecot or the protocols process behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    const accounts = new Accounts(bench.store, redis, {
      keyPrefix: 'eider:',
      authFailuresPerWindow: 10,
      authFailureWindowSeconds: 300,
    });
    await seedEider(bench, accounts, corpus, MESSAGES);
    const eiderPort = await freePort();
    protocols = await startEiderProtocols({
      mongoUri: bench.stack.mongoUri,
      redisUrl: bench.stack.redisUrl,
      database: bench.db.databaseName,
      keyPrefix: 'eider:',
      port: eiderPort,
      service: 'pop3',
    });
    process.stderr.write(`bench: eider POP3 listening on ${eiderPort}\n`);
    const eider = await best('eider', () => downloadAll(eiderPort, USER, PASSWORD));
    if (eider.messages !== MESSAGES)
      throw new Error(`eider listed ${eider.messages} messages, expected ${MESSAGES}`);

    let dovecot: DownloadResult | null = null;
    if (peer) {
      const mbox = join(peer.root, 'pop3.mbox');
      writeFileSync(
        mbox,
        toMbox(Array.from({ length: MESSAGES }, (_value, index) => corpus[index % corpus.length]!)),
      );
      peer.importMbox(USER, mbox);
      dovecot = await best('dovecot', () => downloadAll(dovecotPort, USER, DOVECOT_BENCH_PASSWORD));
      if (dovecot.messages !== MESSAGES) {
        throw new Error(`dovecot listed ${dovecot.messages} messages, expected ${MESSAGES}`);
      }
    }
    printTable(eider, dovecot, bench.backend);
  } catch (error) {
    // Reported before cleanup, which can itself take a while.
    process.stderr.write(
      `bench/pop3: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    throw error;
  } finally {
    await cleanup();
  }
};

const printTable = (eider: DownloadResult, dovecot: DownloadResult | null, backend: string): void => {
  const perSecond = (result: DownloadResult) => result.messages / (result.ms / 1000);
  const mbPerSecond = (result: DownloadResult) => result.bytes / MB / (result.ms / 1000);
  const rows: [string, number, number | null][] = [
    ['messages per second (RETR all, one session)', perSecond(eider), dovecot && perSecond(dovecot)],
    ['MB per second (RETR all, one session)', mbPerSecond(eider), dovecot && mbPerSecond(dovecot)],
  ];
  const width = Math.max(...rows.map(([measure]) => measure.length));
  process.stdout.write(
    `\nbench/pop3: ${MESSAGES} messages, ${(eider.bytes / MB).toFixed(1)} MB (store: ${backend}; ratio = eider / dovecot)\n`,
  );
  process.stdout.write(
    `${'measure'.padEnd(width)}  ${'eider'.padStart(10)}  ${'dovecot'.padStart(10)}  ratio\n`,
  );
  const show = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));
  for (const [measure, ours, theirs] of rows) {
    process.stdout.write(
      `${measure.padEnd(width)}  ${show(ours).padStart(10)}  ${(theirs === null ? '-' : show(theirs)).padStart(10)}  ${theirs ? `${(ours / theirs).toPrecision(2)}x` : '-'}\n`,
    );
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/pop3 failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
