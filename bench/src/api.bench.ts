import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setUpApiBench } from './support/api-bench-setup';
import { runBench, type CleanupStep } from './support/bench-runner';
import { workspaceRoot } from './support/bench-stack';
import { DOVECOT_BENCH_PASSWORD, DovecotPeer } from './support/dovecot-peer';
import { buildApps, freePort } from './support/eider-protocols';
import { describeLoad, numberEnv, runLoad as runHttpLoad, type LoadResult } from './support/http-load';
import { ImapProbe, expectOk } from './support/imap-probe';
import { writeTemplateMbox } from './support/imap-seed';

const MESSAGES = numberEnv('BENCH_API_MESSAGES', 5000);
const CLIENTS = numberEnv('BENCH_API_CLIENTS', 16);
const SECONDS = numberEnv('BENCH_API_SECONDS', 10);
const PAGE = 50;
const REQUEST_TIMEOUT_MS = 30_000;
const TEMPLATES = 100;
const USER = 'apibench';
const PASSWORD = 'api bench password';
const JSON_OUT = join(workspaceRoot, 'dist/bench/api.json');

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

const runLoad = (request: (worker: number) => Promise<void>): Promise<LoadResult> =>
  runHttpLoad({ clients: CLIENTS, seconds: SECONDS }, request);

const logResult = (label: string, result: LoadResult): void => log(describeLoad(label, result));

const pick = (uids: number[]): number => uids[Math.floor(Math.random() * uids.length)]!;

const eiderLoads = async (baseUrl: string, token: string, inbox: string, user: string, uids: number[]) => {
  const get = async (path: string): Promise<void> => {
    // A request the store cannot answer in time counts as an error instead of stalling the run.
    const response = await fetch(baseUrl + path, {
      headers: { 'x-access-token': token },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.arrayBuffer();
    if (response.status !== 200)
      throw new Error(`${path}: HTTP ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  };
  const messages = `/users/${user}/mailboxes/${inbox}/messages`;
  log(`eider: message listing (${PAGE} per page), ${CLIENTS} clients for ${SECONDS} s`);
  const list = await runLoad(() => get(`${messages}?limit=${PAGE}&order=desc`));
  logResult('eider listing', list);
  log(`eider: message get, ${CLIENTS} clients for ${SECONDS} s`);
  const one = await runLoad(() => get(`${messages}/${pick(uids)}`));
  logResult('eider get', one);
  return { list, get: one };
};

/**
 * The same two reads as a mail client does them over IMAP on Dovecot: the newest page of summaries
 * (ENVELOPE, FLAGS, sizes, structure) and one whole message.
 */
const dovecotLoads = async (port: number) => {
  const sessions = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const probe = await ImapProbe.connect(port);
      await probe.login(USER, DOVECOT_BENCH_PASSWORD);
      expectOk('SELECT', await probe.command('SELECT INBOX'));
      return probe;
    }),
  );
  try {
    const summary = '(UID FLAGS ENVELOPE RFC822.SIZE INTERNALDATE BODYSTRUCTURE)';
    const command = async (worker: number, text: string): Promise<void> => {
      const reply = await sessions[worker]!.command(text);
      if (reply.status !== 'OK') throw new Error(`${text}: ${reply.status} ${reply.text}`);
    };
    log(`dovecot: newest ${PAGE} summaries over IMAP, ${CLIENTS} clients for ${SECONDS} s`);
    const list = await runLoad((worker) => command(worker, `FETCH ${MESSAGES - PAGE + 1}:* ${summary}`));
    logResult('dovecot listing', list);
    log(`dovecot: one BODY.PEEK[] over IMAP, ${CLIENTS} clients for ${SECONDS} s`);
    const get = await runLoad((worker) =>
      command(worker, `FETCH ${1 + Math.floor(Math.random() * MESSAGES)} (BODY.PEEK[])`),
    );
    logResult('dovecot get', get);
    return { list, get };
  } finally {
    await Promise.all(sessions.map((probe) => probe.close()));
  }
};

const main = async (cleanups: CleanupStep[]): Promise<void> => {
  buildApps(log, ['api']);
  const dovecotPort = await freePort();
  const peer = DovecotPeer.ensureInstalled(log) ? DovecotPeer.create({ imap: dovecotPort }) : null;
  if (peer) cleanups.push(() => peer.remove());
  else log('Dovecot is not installed; only Eider is measured');
  const { bench, user, inbox, templates, startApi } = await setUpApiBench(cleanups, {
    label: 'api',
    username: USER,
    password: PASSWORD,
    messages: MESSAGES,
    templates: TEMPLATES,
  });
  if (peer) {
    const mbox = join(peer.root, 'api.mbox');
    writeTemplateMbox(mbox, templates, MESSAGES);
    peer.importMbox(USER, mbox);
  }
  const uids = await bench.store.messages.listUids(inbox._id);
  const api = await startApi();
  const { token } = api;
  const eider = await eiderLoads(api.baseUrl, token, inbox._id.toHexString(), user._id.toHexString(), uids);
  const dovecot = peer ? await dovecotLoads(dovecotPort) : null;

  const rows = [
    {
      measure: `message listing (${PAGE}/page), REST vs IMAP FETCH`,
      eider: eider.list,
      dovecot: dovecot?.list ?? null,
    },
    {
      measure: 'message get, REST (parsed) vs IMAP BODY.PEEK[]',
      eider: eider.get,
      dovecot: dovecot?.get ?? null,
    },
  ];
  const cell = (result: LoadResult | null, key: 'p50' | 'p99' | 'perSecond') =>
    result ? result[key].toFixed(1) : '-';
  process.stdout.write(
    `\nbench/api: ${MESSAGES} messages in INBOX, ${CLIENTS} concurrent clients, ${SECONDS} s per measure, store ${bench.backend}\n`,
  );
  process.stdout.write(
    'measure'.padEnd(52) +
      'eider p50 ms'.padStart(13) +
      'p99 ms'.padStart(9) +
      'req/s'.padStart(9) +
      '  dovecot p50'.padStart(14) +
      'p99 ms'.padStart(9) +
      'req/s'.padStart(9) +
      '  throughput ratio\n',
  );
  for (const entry of rows) {
    const ratio = entry.dovecot ? `${(entry.eider.perSecond / entry.dovecot.perSecond).toFixed(2)}x` : '-';
    process.stdout.write(
      entry.measure.padEnd(52) +
        cell(entry.eider, 'p50').padStart(13) +
        cell(entry.eider, 'p99').padStart(9) +
        cell(entry.eider, 'perSecond').padStart(9) +
        cell(entry.dovecot, 'p50').padStart(14) +
        cell(entry.dovecot, 'p99').padStart(9) +
        cell(entry.dovecot, 'perSecond').padStart(9) +
        `  ${ratio}\n`,
    );
    for (const [side, result] of [
      ['eider', entry.eider],
      ['dovecot', entry.dovecot],
    ] as const) {
      if (result?.errors)
        process.stdout.write(`  ${side}: ${result.errors} errors (first: ${result.firstError})\n`);
    }
  }
  mkdirSync(dirname(JSON_OUT), { recursive: true });
  writeFileSync(
    JSON_OUT,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), backend: bench.backend, messages: MESSAGES, clients: CLIENTS, seconds: SECONDS, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\nwritten to ${JSON_OUT}\n`);
};

runBench('api', main);
