import { ImapProbe, expectOk, type ImapReply } from './imap-probe';

export interface MixedLoadOptions {
  port: number;
  username: string;
  password: string;
  clients: number;
  seconds: number;
  /** Messages 1..base exist for the whole run (only messages appended during it are expunged). */
  baseMessages: number;
  seed: number;
}

export interface OpStats {
  count: number;
  errors: number;
  p50: number;
  p95: number;
}

export interface MixedLoadResult {
  /** All clients' LOGIN + SELECT, concurrently, before the timed window. */
  setupMs: number;
  commands: number;
  errors: number;
  seconds: number;
  commandsPerSecond: number;
  p50: number;
  p95: number;
  byCommand: Record<string, OpStats>;
  firstError: string | null;
}

type Op = 'select' | 'fetch-flags' | 'fetch-body' | 'store' | 'search' | 'noop' | 'append';

// A mail client's mix: mostly reads and flag changes, some re-selects and searches, a little APPEND
// (each followed by flagging \Deleted and UID EXPUNGE of that one message, so the mailbox stays put).
const WEIGHTS: [Op, number][] = [
  ['select', 5],
  ['fetch-flags', 25],
  ['fetch-body', 25],
  ['store', 18],
  ['search', 10],
  ['noop', 12],
  ['append', 5],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

/** mulberry32: a tiny seeded generator, so both servers see the same command sequence. */
const seeded = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
};

const pick = (random: () => number): Op => {
  let roll = random() * TOTAL_WEIGHT;
  for (const [op, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return op;
  }
  return 'noop';
};

const appendMessage = (client: number, index: number): Buffer =>
  Buffer.from(
    [
      'From: Load <load@bench.example>',
      'To: Mix <mix@bench.example>',
      `Subject: load ${client}-${index}`,
      `Message-ID: <load-${client}-${index}-${Date.now()}@bench.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      ...Array.from(
        { length: 24 },
        (_value, line) => `line ${line} of an appended message in the mixed load`,
      ),
      '',
    ].join('\r\n'),
  );

export const percentile = (sorted: number[], fraction: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;

interface Recorder {
  record(op: string, reply: ImapReply): void;
  fail(op: string, message: string): void;
}

/** Logs in and selects; null (and an error recorded) when the session could not be set up. */
const openSession = async (options: MixedLoadOptions, recorder: Recorder): Promise<ImapProbe | null> => {
  let probe: ImapProbe | undefined;
  try {
    probe = await ImapProbe.connect(options.port);
    await probe.login(options.username, options.password);
    expectOk('SELECT', await probe.command('SELECT INBOX'));
    return probe;
  } catch (error) {
    probe?.destroy();
    recorder.fail('connect', error instanceof Error ? error.message : String(error));
    return null;
  }
};

const runClient = async (
  probe: ImapProbe,
  options: MixedLoadOptions,
  client: number,
  deadline: number,
  recorder: Recorder,
): Promise<void> => {
  const random = seeded(options.seed * 1000 + client);
  const message = (): number => 1 + Math.floor(random() * options.baseMessages);
  let appended = 0;
  try {
    while (performance.now() < deadline) {
      const op = pick(random);
      switch (op) {
        case 'select':
          recorder.record(op, await probe.command('SELECT INBOX'));
          break;
        case 'fetch-flags':
          recorder.record(op, await probe.command(`FETCH ${message()} (FLAGS)`));
          break;
        case 'fetch-body':
          recorder.record(op, await probe.command(`FETCH ${message()} (BODY.PEEK[])`));
          break;
        case 'store':
          recorder.record(
            op,
            await probe.command(`STORE ${message()} ${random() < 0.5 ? '+' : '-'}FLAGS (\\Seen)`),
          );
          break;
        case 'search':
          recorder.record(op, await probe.command('SEARCH UNSEEN'));
          break;
        case 'noop':
          recorder.record(op, await probe.command('NOOP'));
          break;
        case 'append': {
          const reply = await probe.command('APPEND INBOX', { literal: appendMessage(client, appended++) });
          recorder.record('append', reply);
          const uid = /\[APPENDUID \d+ (\d+)\]/i.exec(reply.text)?.[1];
          if (reply.status !== 'OK' || !uid) break;
          recorder.record('store', await probe.command(`UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`));
          recorder.record('expunge', await probe.command(`UID EXPUNGE ${uid}`));
          break;
        }
        default: {
          const unreachable: never = op;
          throw new Error(`unknown op ${String(unreachable)}`);
        }
      }
    }
  } catch (error) {
    recorder.fail('connection', error instanceof Error ? error.message : String(error));
  } finally {
    await probe.close();
  }
};

/**
 * `clients` concurrent sessions of one user, each looping over a seeded random mix of commands for
 * `seconds`. Latency is per command, from sending it to its tagged reply; NO/BAD count as errors.
 */
export const runMixedLoad = async (options: MixedLoadOptions): Promise<MixedLoadResult> => {
  const latencies: number[] = [];
  const perOp = new Map<string, { latencies: number[]; errors: number }>();
  let errors = 0;
  let firstError: string | null = null;
  const slot = (op: string) => {
    let entry = perOp.get(op);
    if (!entry) perOp.set(op, (entry = { latencies: [], errors: 0 }));
    return entry;
  };
  const recorder: Recorder = {
    record(op, reply) {
      const entry = slot(op);
      if (reply.status === 'OK') {
        latencies.push(reply.ms);
        entry.latencies.push(reply.ms);
      } else {
        errors += 1;
        entry.errors += 1;
        firstError ??= `${op}: ${reply.status} ${reply.text}`;
      }
    },
    fail(op, message) {
      errors += 1;
      slot(op).errors += 1;
      firstError ??= `${op}: ${message}`;
    },
  };
  // Every session logs in and selects first; the timed window starts once all of them are ready.
  const setupStarted = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: options.clients }, () => openSession(options, recorder)),
  );
  const setupMs = performance.now() - setupStarted;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    sessions.map((probe, client) =>
      probe ? runClient(probe, options, client, deadline, recorder) : Promise.resolve(),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const byCommand: Record<string, OpStats> = {};
  for (const [op, entry] of [...perOp.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const opSorted = [...entry.latencies].sort((a, b) => a - b);
    byCommand[op] = {
      count: opSorted.length,
      errors: entry.errors,
      p50: percentile(opSorted, 0.5),
      p95: percentile(opSorted, 0.95),
    };
  }
  return {
    setupMs,
    commands: latencies.length,
    errors,
    seconds,
    commandsPerSecond: latencies.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    byCommand,
    firstError,
  };
};
