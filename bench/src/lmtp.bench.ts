import { Accounts } from '@eider/accounts';
import { createRedisClient } from '@eider/redis';
import { findFreePort } from '@eider/stack';
import { startBenchStore } from './support/bench-stack';
import { loadCorpus } from './support/corpus';
import { DovecotPeer } from './support/dovecot-peer';
import { BenchLmtpClient, toWire } from './support/lmtp-client';
import { startEiderProtocols } from './support/eider-protocols';

const MESSAGES = Number(process.env['BENCH_LMTP_MESSAGES'] ?? 200);
const RECIPIENT = 'bench@bench.example';
const SENDER = 'sender@remote.example';

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/** Delivers `count` messages over `connections` parallel connections; returns messages per second. */
const measure = async (
  label: string,
  port: number,
  wires: Buffer[],
  count: number,
  connections: number,
): Promise<number> => {
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await BenchLmtpClient.open(port);
      for (let index = next++; index < count; index = next++) {
        await client.deliver(SENDER, RECIPIENT, wires[index % wires.length]!);
        done++;
        if (done % Math.max(1, Math.floor(count / 5)) === 0) log(`${label} ${done}/${count}`);
      }
      await client.close();
    }),
  );
  return (count / (performance.now() - started)) * 1000;
};

const main = async (): Promise<void> => {
  const corpus = loadCorpus();
  // Cap message size so the run measures delivery, not 50 MB transfers; the corpus has a few giants.
  const source = (corpus ?? []).filter((raw) => raw.length <= 256 * 1024);
  const wires = (
    source.length > 0 ? source : [Buffer.from(`Subject: bench\r\n\r\n${'hello '.repeat(200)}\r\n`)]
  ).map(toWire);
  log(
    `${wires.length} distinct messages (${corpus ? 'corpus' : 'generated'}), ${MESSAGES} deliveries per measure`,
  );

  if (!DovecotPeer.ensureInstalled(log))
    throw new Error('Dovecot (dovecot-lmtpd) is not installed and cannot be installed here');
  const bench = await startBenchStore();
  const redis = createRedisClient({ url: bench.stack.redisUrl, connectionName: 'lmtp-bench' });
  const accounts = new Accounts(bench.store, redis, {
    keyPrefix: `${bench.db.databaseName}:`,
    authFailuresPerWindow: 10,
    authFailureWindowSeconds: 60,
  });
  await accounts.createAccount({ username: 'lmtpbench', address: RECIPIENT });
  const eiderPort = await findFreePort();
  const dovecotPort = await findFreePort();
  const eider = await startEiderProtocols({
    mongoUri: bench.stack.mongoUri,
    redisUrl: bench.stack.redisUrl,
    database: bench.db.databaseName,
    keyPrefix: `${bench.db.databaseName}:`,
    port: eiderPort,
    service: 'lmtp',
  });
  const dovecot = DovecotPeer.create({ lmtp: dovecotPort });
  try {
    const results: { connections: number; eider: number; dovecot: number }[] = [];
    for (const connections of [1, 4]) {
      const eiderRate = await measure(`eider x${connections}`, eiderPort, wires, MESSAGES, connections);
      const dovecotRate = await measure(`dovecot x${connections}`, dovecotPort, wires, MESSAGES, connections);
      results.push({ connections, eider: eiderRate, dovecot: dovecotRate });
    }
    const lines = [
      `LMTP delivery, ${MESSAGES} messages per measure, one recipient each; Eider on ${bench.backend}; Dovecot maildir`,
      '',
      '| Measure | Eider | Dovecot | Ratio |',
      '| --- | --- | --- | --- |',
      ...results.map(
        (row) =>
          `| Messages/s over ${row.connections} connection${row.connections > 1 ? 's' : ''} | ${row.eider.toFixed(1)} | ${row.dovecot.toFixed(1)} | ${(row.eider / row.dovecot).toFixed(2)}x |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await eider.stop();
    dovecot.remove();
    await redis.quit();
    await bench.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
