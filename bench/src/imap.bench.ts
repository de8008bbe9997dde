import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Accounts } from '@eider/accounts';
import { createRedisClient } from '@eider/redis';
import { runBench, type CleanupStep } from './support/bench-runner';
import { startBenchStore, workspaceRoot, type BenchStore } from './support/bench-stack';
import { loadCorpus } from './support/corpus';
import { DOVECOT_BENCH_PASSWORD, DovecotPeer } from './support/dovecot-peer';
import {
  buildProtocols,
  freePort,
  startEiderProtocols,
  type EiderProtocols,
} from './support/eider-protocols';
import { percentile, runMixedLoad, type MixedLoadResult } from './support/imap-load';
import { ImapProbe, expectOk } from './support/imap-probe';
import { qresyncReconnect, type ResyncResult } from './support/imap-resync';
import { cloneTemplates, ingestTemplates, writeTemplateMbox, type Template } from './support/imap-seed';
import {
  findImaptest,
  runImaptestStress,
  writeStressMbox,
  type ImaptestResult,
} from './support/imaptest-stress';

const numberEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

const MESSAGES = numberEnv('BENCH_IMAP_MESSAGES', 200_000);
const ROUNDS = numberEnv('BENCH_ROUNDS', 3);
const CLIENTS = numberEnv('BENCH_IMAP_CLIENTS', 8);
const SECONDS = numberEnv('BENCH_IMAP_SECONDS', 20);
const MIX_MESSAGES = numberEnv('BENCH_IMAP_MIX_MESSAGES', 2000);
const RESYNC_CHANGES = Math.min(1000, Math.floor(MIX_MESSAGES / 2));
const TEMPLATES = 200;
const BODY_FETCH = Math.min(2000, MESSAGES);
const MB = 1024 * 1024;
const PASSWORD = 'imap bench password';
const USERS = { templates: 'imaptemplates', big: 'imapbench', mix: 'imapmix', stress: 'imapstress' } as const;
const KEY_PREFIX = `eiderbench${Date.now().toString(36)}:`;
const JSON_OUT = join(workspaceRoot, 'dist/bench/imap.json');

interface Server {
  name: 'eider' | 'dovecot';
  port: number;
  password: string;
}

interface BigMailboxResult {
  selectMs: number;
  fetchFlagsMs: number;
  totalMs: number;
  bytes: number;
  fetchLines: number;
  exists: number;
  bodyMs: number;
  bodyMessages: number;
  bodyBytes: number;
  sortDateMs: number;
  sortSubjectMs: number;
  threadMs: number;
}

interface Row {
  measure: string;
  eider: string;
  dovecot: string;
  ratio: string;
}

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** One round on the big mailbox: SELECT, UID FETCH 1:* (FLAGS), then BODY[] of the first messages. */
const bigMailboxRound = async (server: Server): Promise<BigMailboxResult> => {
  const probe = await ImapProbe.connect(server.port);
  try {
    await probe.login(USERS.big, server.password);
    const select = expectOk('SELECT', await probe.command('SELECT INBOX', { keepUntagged: true }));
    const fetch = expectOk('UID FETCH 1:* (FLAGS)', await probe.command('UID FETCH 1:* (FLAGS)'));
    const exists = Number(
      select.untagged.map((line) => /^\* (\d+) EXISTS/i.exec(line)?.[1]).find(Boolean) ?? -1,
    );
    const uidOf = async (sequence: number): Promise<number> => {
      const reply = expectOk(
        'FETCH (UID)',
        await probe.command(`FETCH ${sequence} (UID)`, { keepUntagged: true }),
      );
      const uid = reply.untagged.map((line) => /UID (\d+)/i.exec(line)?.[1]).find(Boolean);
      if (!uid) throw new Error(`${server.name}: no UID for message ${sequence}`);
      return Number(uid);
    };
    // Server-side ordering of the whole mailbox, as webmails ask for it. The probe keeps only the head of a
    // long line, so the answer's size stands in for naming every message (at least "n " per UID).
    const ordered = async (command: string, pattern: RegExp): Promise<number> => {
      const reply = expectOk(command, await probe.command(command, { keepUntagged: true }));
      if (!reply.untagged.some((entry) => pattern.test(entry)) || reply.bytes < MESSAGES * 2)
        throw new Error(`${server.name}: ${command} answered ${reply.bytes} bytes for ${MESSAGES} messages`);
      return reply.ms;
    };
    const sortDateMs = await ordered('UID SORT (DATE) UTF-8 ALL', /^\* SORT/i);
    const sortSubjectMs = await ordered('UID SORT (SUBJECT) UTF-8 ALL', /^\* SORT/i);
    const threadMs = await ordered('UID THREAD REFERENCES UTF-8 ALL', /^\* THREAD/i);
    const range = `${await uidOf(1)}:${await uidOf(BODY_FETCH)}`;
    const body = expectOk('UID FETCH (BODY.PEEK[])', await probe.command(`UID FETCH ${range} (BODY.PEEK[])`));
    return {
      selectMs: select.ms,
      fetchFlagsMs: fetch.ms,
      totalMs: select.ms + fetch.ms,
      bytes: select.bytes + fetch.bytes,
      fetchLines: fetch.fetchResponses,
      exists,
      bodyMs: body.ms,
      bodyMessages: body.fetchResponses,
      bodyBytes: body.literalBytes,
      sortDateMs,
      sortSubjectMs,
      threadMs,
    };
  } finally {
    await probe.close();
  }
};

/** Medians over `ROUNDS`; the line counts must agree in every round. */
const measureBigMailbox = async (server: Server): Promise<BigMailboxResult> => {
  const rounds: BigMailboxResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const result = await bigMailboxRound(server);
    log(
      `${server.name} round ${round}: SELECT ${result.selectMs.toFixed(0)} ms, FETCH FLAGS ${result.fetchFlagsMs.toFixed(0)} ms ` +
        `(${result.fetchLines} lines, ${result.bytes} bytes), BODY[] ${result.bodyMessages} msgs ${(result.bodyBytes / MB).toFixed(2)} MB in ${result.bodyMs.toFixed(0)} ms, ` +
        `SORT DATE ${result.sortDateMs.toFixed(0)} ms, SORT SUBJECT ${result.sortSubjectMs.toFixed(0)} ms, THREAD ${result.threadMs.toFixed(0)} ms`,
    );
    if (result.fetchLines !== MESSAGES || result.exists !== MESSAGES) {
      throw new Error(
        `${server.name} returned ${result.fetchLines} FETCH lines and ${result.exists} EXISTS, expected ${MESSAGES}`,
      );
    }
    rounds.push(result);
  }
  const pick = (key: keyof BigMailboxResult) => median(rounds.map((result) => result[key]));
  return {
    selectMs: pick('selectMs'),
    fetchFlagsMs: pick('fetchFlagsMs'),
    totalMs: pick('totalMs'),
    bytes: pick('bytes'),
    fetchLines: pick('fetchLines'),
    exists: pick('exists'),
    bodyMs: pick('bodyMs'),
    bodyMessages: pick('bodyMessages'),
    bodyBytes: pick('bodyBytes'),
    sortDateMs: pick('sortDateMs'),
    sortSubjectMs: pick('sortSubjectMs'),
    threadMs: pick('threadMs'),
  };
};

const mixedLoad = async (server: Server): Promise<MixedLoadResult> => {
  log(`${server.name}: mixed load, ${CLIENTS} clients for ${SECONDS} s`);
  const results: MixedLoadResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const result = await runMixedLoad({
      port: server.port,
      username: USERS.mix,
      password: server.password,
      clients: CLIENTS,
      seconds: SECONDS,
      baseMessages: MIX_MESSAGES,
      seed: round,
    });
    log(
      `${server.name} mixed round ${round}: ${result.commandsPerSecond.toFixed(1)} cmd/s, p50 ${result.p50.toFixed(1)} ms, ` +
        `p95 ${result.p95.toFixed(1)} ms, ${result.errors} errors${result.firstError ? ` (first: ${result.firstError})` : ''}`,
    );
    results.push(result);
  }
  // The round with the median throughput, reported whole so its numbers belong together.
  const sorted = [...results].sort((a, b) => a.commandsPerSecond - b.commandsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

const fmt = (value: number, digits = 1): string => value.toFixed(digits);
const row = (measure: string, eider: number, dovecot: number | null, digits = 1): Row => ({
  measure,
  eider: fmt(eider, digits),
  dovecot: dovecot === null ? '-' : fmt(dovecot, digits),
  ratio: dovecot ? `${fmt(eider / dovecot, 2)}x` : '-',
});

const bigRows = (eider: BigMailboxResult, dovecot: BigMailboxResult | null): Row[] => {
  const mbPerSecond = (result: BigMailboxResult) => result.bodyBytes / MB / (result.bodyMs / 1000);
  const msgsPerSecond = (result: BigMailboxResult) => result.bodyMessages / (result.bodyMs / 1000);
  return [
    row(`SELECT INBOX (${MESSAGES} msgs), ms`, eider.selectMs, dovecot?.selectMs ?? null),
    row('UID FETCH 1:* (FLAGS), ms', eider.fetchFlagsMs, dovecot?.fetchFlagsMs ?? null),
    row('SELECT + UID FETCH 1:* (FLAGS), ms', eider.totalMs, dovecot?.totalMs ?? null),
    row('SELECT + UID FETCH 1:* (FLAGS), bytes received', eider.bytes, dovecot?.bytes ?? null, 0),
    row('UID SORT (DATE) UTF-8 ALL, ms', eider.sortDateMs, dovecot?.sortDateMs ?? null),
    row('UID SORT (SUBJECT) UTF-8 ALL, ms', eider.sortSubjectMs, dovecot?.sortSubjectMs ?? null),
    row('UID THREAD REFERENCES UTF-8 ALL, ms', eider.threadMs, dovecot?.threadMs ?? null),
    row('UID FETCH 1:* (FLAGS), FETCH lines (check)', eider.fetchLines, dovecot?.fetchLines ?? null, 0),
    row(
      `BODY.PEEK[] of first ${BODY_FETCH} msgs, MB/s`,
      mbPerSecond(eider),
      dovecot && mbPerSecond(dovecot),
      2,
    ),
    row(
      `BODY.PEEK[] of first ${BODY_FETCH} msgs, msgs/s`,
      msgsPerSecond(eider),
      dovecot && msgsPerSecond(dovecot),
    ),
    row(
      `BODY.PEEK[] of first ${BODY_FETCH} msgs, literal MB`,
      eider.bodyBytes / MB,
      dovecot && dovecot.bodyBytes / MB,
      2,
    ),
  ];
};

const mixRows = (eider: MixedLoadResult, dovecot: MixedLoadResult | null): Row[] => [
  row(
    `mixed load (${CLIENTS} clients, ${SECONDS} s), commands/s`,
    eider.commandsPerSecond,
    dovecot?.commandsPerSecond ?? null,
  ),
  row(`mixed load setup: ${CLIENTS} concurrent LOGIN + SELECT, ms`, eider.setupMs, dovecot?.setupMs ?? null),
  row('mixed load, p50 latency ms', eider.p50, dovecot?.p50 ?? null, 2),
  row('mixed load, p95 latency ms', eider.p95, dovecot?.p95 ?? null, 2),
  {
    measure: 'mixed load, failed commands',
    eider: String(eider.errors),
    dovecot: dovecot ? String(dovecot.errors) : '-',
    ratio: '-',
  },
];

const printTable = (rows: Row[], notes: string[]): void => {
  const width = Math.max(...rows.map((entry) => entry.measure.length));
  process.stdout.write(
    `\nbench/imap (ratio = eider / dovecot; for ms lower is better, for /s higher is better)\n`,
  );
  for (const note of notes) process.stdout.write(`${note}\n`);
  process.stdout.write(
    `${'measure'.padEnd(width)}  ${'eider'.padStart(14)}  ${'dovecot'.padStart(14)}  ratio\n`,
  );
  for (const entry of rows) {
    process.stdout.write(
      `${entry.measure.padEnd(width)}  ${entry.eider.padStart(14)}  ${entry.dovecot.padStart(14)}  ${entry.ratio}\n`,
    );
  }
};

const printImaptest = (
  results: Partial<Record<Server['name'], ImaptestResult>>,
  binary: string | null,
): void => {
  if (!binary) {
    process.stdout.write('\nimaptest not found, skipped\n');
    return;
  }
  process.stdout.write(`\nimaptest stress (${binary}, clients=${CLIENTS} secs=${SECONDS}), Totals:\n`);
  for (const [name, result] of Object.entries(results)) {
    process.stdout.write(
      `${name}: ${result.commands} commands, ${result.errors} errors, exit ${result.exitCode}` +
        `${result.firstError ? ` (first: ${result.firstError})` : ''}\n`,
    );
    for (const line of result.totals) process.stdout.write(`  ${line}\n`);
  }
};

const main = async (cleanups: CleanupStep[]): Promise<void> => {
  buildProtocols(log);
  const corpus = loadCorpus() ?? [];
  const dovecotPort = await freePort();
  const peer = DovecotPeer.ensureInstalled(log) ? DovecotPeer.create({ imap: dovecotPort }) : null;
  if (peer) cleanups.push(() => peer.remove());
  else log('Dovecot is not installed; only Eider is measured');
  const bench: BenchStore = await startBenchStore();
  cleanups.push(() => bench.stop());
  const redis = createRedisClient({ url: bench.stack.redisUrl, connectionName: 'imap-bench' });
  cleanups.push(async () => void (await redis.quit().catch(() => undefined)));
  const accounts = new Accounts(bench.store, redis, {
    keyPrefix: KEY_PREFIX,
    authFailuresPerWindow: 1e6,
    authFailureWindowSeconds: 60,
  });
  const inboxOf = async (username: string) =>
    bench.store.mailboxes.getByPath(
      (await accounts.createAccount({ username, password: PASSWORD }))._id,
      'INBOX',
    );

  const templatesInbox = await inboxOf(USERS.templates);
  const templates: Template[] = await ingestTemplates(bench.store, templatesInbox, corpus, TEMPLATES);
  const mixInbox = await inboxOf(USERS.mix);
  await cloneTemplates(bench.store, mixInbox, templates, MIX_MESSAGES, 'eider clone (mixed-load mailbox)');
  await inboxOf(USERS.stress);
  if (peer) {
    const mbox = join(peer.root, 'mix.mbox');
    writeTemplateMbox(mbox, templates, MIX_MESSAGES);
    peer.importMbox(USERS.mix, mbox);
    assertDovecotCount(peer, USERS.mix, MIX_MESSAGES);
  }

  const eiderPort = await freePort();
  const startProtocols = () =>
    startEiderProtocols({
      mongoUri: bench.stack.mongoUri,
      redisUrl: bench.stack.redisUrl,
      database: bench.db.databaseName,
      keyPrefix: KEY_PREFIX,
      port: eiderPort,
    });
  let protocols: EiderProtocols = await startProtocols();
  cleanups.push(() => protocols.stop());
  const eider: Server = { name: 'eider', port: eiderPort, password: PASSWORD };
  const dovecot: Server | null = peer
    ? { name: 'dovecot', port: dovecotPort, password: DOVECOT_BENCH_PASSWORD }
    : null;

  // The small-mailbox runs go first, while the store holds only ~2,200 messages: on FerretDB every
  // query scans the whole collection, so after the 200k seed they would measure that instead.
  const eiderMix = await mixedLoad(eider);
  const dovecotMix = dovecot ? await mixedLoad(dovecot) : null;

  const imaptest = findImaptest();
  const imaptestResults: Partial<Record<Server['name'], ImaptestResult>> = {};
  if (imaptest) {
    const stressMbox = join(bench.stack.dataDir, 'imaptest-stress.mbox');
    writeStressMbox(stressMbox);
    for (const server of [eider, ...(dovecot ? [dovecot] : [])]) {
      log(`${server.name}: imaptest stress, clients=${CLIENTS} secs=${SECONDS}`);
      imaptestResults[server.name] = await runImaptestStress(imaptest, {
        port: server.port,
        username: USERS.stress,
        password: server.password,
        mbox: stressMbox,
        clients: CLIENTS,
        seconds: SECONDS,
      });
    }
  }

  const resync = async (server: Server): Promise<ResyncResult> => {
    log(`${server.name}: QRESYNC reconnect after ${RESYNC_CHANGES} changes`);
    return qresyncReconnect({
      port: server.port,
      username: USERS.mix,
      password: server.password,
      flagChanges: Math.round(RESYNC_CHANGES * 0.8),
      expunges: Math.round(RESYNC_CHANGES * 0.2),
      settleMs: 3_500,
    });
  };
  const eiderResync = await resync(eider);
  const dovecotResync = dovecot ? await resync(dovecot) : null;

  // imaptest drops its sessions at secs= with commands still running in the server; a fresh process
  // keeps that leftover work out of the big-mailbox numbers.
  await protocols.stop();
  protocols = await startProtocols();

  const bigInbox = await inboxOf(USERS.big);
  const seedStarted = performance.now();
  await cloneTemplates(bench.store, bigInbox, templates, MESSAGES, 'eider clone (big mailbox)');
  const eiderSeedSeconds = (performance.now() - seedStarted) / 1000;
  let dovecotSeedSeconds: number | null = null;
  if (peer) {
    const mbox = join(peer.root, 'big.mbox');
    writeTemplateMbox(mbox, templates, MESSAGES);
    log(`dovecot: importing ${MESSAGES} messages (doveadm import)`);
    const started = performance.now();
    peer.importMbox(USERS.big, mbox);
    dovecotSeedSeconds = (performance.now() - started) / 1000;
    assertDovecotCount(peer, USERS.big, MESSAGES);
  }

  const eiderBig = await measureBigMailbox(eider);
  const dovecotBig = dovecot ? await measureBigMailbox(dovecot) : null;

  const rows = [
    ...bigRows(eiderBig, dovecotBig),
    ...mixRows(eiderMix, dovecotMix),
    row(
      `SELECT (QRESYNC) after ${RESYNC_CHANGES} changes, ms`,
      eiderResync.selectMs,
      dovecotResync?.selectMs ?? null,
    ),
    row(
      '  VANISHED (EARLIER) UIDs (check)',
      eiderResync.vanishedUids,
      dovecotResync?.vanishedUids ?? null,
      0,
    ),
    row('  FETCH lines (check)', eiderResync.fetchLines, dovecotResync?.fetchLines ?? null, 0),
  ];
  const seeding =
    `seeding shortcut: Eider got ${templates.length} distinct messages through store.ingest.add (inline bodies only), ` +
    `then bulk insertMany clones of their documents (fresh _id/uid/modseq/emailId; no journal, no quota) ` +
    `up to ${MESSAGES} (${fmt(eiderSeedSeconds)} s); Dovecot got the same sequence via one mbox + doveadm import` +
    (dovecotSeedSeconds === null ? '' : ` (${fmt(dovecotSeedSeconds)} s)`);
  const notes = [
    `store: ${bench.backend}; ${MESSAGES} messages in the big mailbox, median of ${ROUNDS} rounds`,
    seeding,
    `mixed load: own generator on a ${MIX_MESSAGES}-message mailbox, run before the big seed; median-throughput round of ${ROUNDS}`,
  ];
  printTable(rows, notes);
  printImaptest(imaptestResults, imaptest);
  mkdirSync(dirname(JSON_OUT), { recursive: true });
  writeFileSync(
    JSON_OUT,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        backend: bench.backend,
        messages: MESSAGES,
        rounds: ROUNDS,
        notes,
        rows,
        raw: {
          eider: { bigMailbox: eiderBig, mixedLoad: eiderMix, qresync: eiderResync },
          dovecot: { bigMailbox: dovecotBig, mixedLoad: dovecotMix, qresync: dovecotResync },
        },
        imaptest: imaptest ? imaptestResults : 'imaptest not found, skipped',
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwritten to ${JSON_OUT}\n`);
};

const assertDovecotCount = (peer: DovecotPeer, user: string, expected: number): void => {
  const status = peer.doveadm(['-f', 'flow', 'mailbox', 'status', '-u', user, 'messages', 'INBOX']);
  const count = Number(/messages=(\d+)/.exec(status.stdout.toString())?.[1] ?? -1);
  if (count !== expected)
    throw new Error(`dovecot ${user} INBOX holds ${count} messages, expected ${expected}`);
};

runBench('imap', main);
