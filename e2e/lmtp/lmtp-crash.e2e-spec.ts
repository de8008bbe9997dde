import { randomBytes } from 'node:crypto';
import type { Db, MongoClient, ObjectId } from 'mongodb';
import { createTestAccount, startProtocols, type RunningProtocols } from '../support/protocols-process';
import { openTestDb, userIdOf } from './lmtp-e2e.helpers';
import { LmtpWireClient } from './lmtp-wire.client';

// Sized to stay near three minutes on the embedded FerretDB of a shared 2-core machine (about 8 to 20
// deliveries a second there, plus a restart per kill); raise them to soak, e.g. LMTP_CRASH_MESSAGES=3000.
const TOTAL = Number(process.env['LMTP_CRASH_MESSAGES'] ?? 2000);
const KILLS = Number(process.env['LMTP_CRASH_KILLS'] ?? 4);
const CONNECTIONS = 4;

describe('LMTP durability: SIGKILL during delivery', () => {
  let client: MongoClient;
  let db: Db;
  let protocols: RunningProtocols | undefined;

  beforeAll(async () => {
    ({ client, db } = await openTestDb());
  });
  afterAll(async () => {
    await protocols?.stop();
    await client?.close();
  });

  it(`every message answered 250 is stored exactly once across ${KILLS} kills`, async () => {
    // Log level stays at info: startProtocols waits for the "protocols ready" line.
    const env = { EIDER_IMAP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false' };
    protocols = await startProtocols(env);
    const ports = {
      imapPort: protocols.imapPort,
      imapTlsPort: protocols.imapTlsPort,
      pop3Port: protocols.pop3Port,
      pop3TlsPort: protocols.pop3TlsPort,
      lmtpPort: protocols.lmtpPort,
    };
    const run = randomBytes(4).toString('hex');
    const account = createTestAccount({ username: `crash${run}` });
    const userId: ObjectId = await userIdOf(db, account.username);

    const acknowledged = new Set<string>();
    const attempted = new Set<string>();
    let next = 0;
    const takeNext = (): number | null => (next < TOTAL ? next++ : null);
    const requeue: number[] = [];

    // Each worker sends messages one after another on its own connection until the process dies.
    const worker = async (port: number): Promise<void> => {
      let wire: LmtpWireClient;
      try {
        wire = await LmtpWireClient.open(port);
      } catch {
        return;
      }
      for (;;) {
        const index = requeue.shift() ?? takeNext();
        if (index === null) break;
        // A new Message-ID per attempt: a message cut off by the kill may or may not be stored, never twice.
        const id = `crash-${run}-${index}-${attempted.size}@e2e.example`;
        attempted.add(id);
        const raw = Buffer.from(
          `From: load@remote.example\r\nTo: ${account.address}\r\nSubject: load ${index}\r\nMessage-ID: <${id}>\r\n\r\nmessage ${index}\r\n`,
        );
        try {
          const { data } = await wire.send('load@remote.example', [account.address], raw);
          if (data[0]?.code === 250) acknowledged.add(id);
          else requeue.push(index);
        } catch {
          requeue.push(index);
          break;
        }
      }
      wire.destroy();
    };

    const started = Date.now();
    for (let phase = 0; phase <= KILLS; phase++) {
      const target = Math.floor((TOTAL * (phase + 1)) / (KILLS + 1));
      const running = Promise.all(Array.from({ length: CONNECTIONS }, () => worker(ports.lmtpPort)));
      if (phase < KILLS) {
        while (acknowledged.size < target && (next < TOTAL || requeue.length > 0)) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        process.stderr.write(
          `lmtp crash test: phase ${phase + 1}: ${acknowledged.size} acknowledged after ${((Date.now() - started) / 1000).toFixed(1)} s, killing\n`,
        );
        // Deliveries are in flight on every connection right now.
        await protocols.kill();
        await running;
        protocols = await startProtocols(env, ports);
      } else {
        await running;
      }
    }
    // Whatever the last kill left in the queue.
    while (requeue.length > 0 || next < TOTAL) await worker(ports.lmtpPort);
    const elapsed = Date.now() - started;

    const counts = new Map<string, number>();
    const cursor = db.collection('messages').find({ user: userId }, { projection: { msgid: 1, size: 1 } });
    for await (const document of cursor) {
      const msgid = String(document['msgid']).replace(/^<|>$/g, '');
      counts.set(msgid, (counts.get(msgid) ?? 0) + 1);
      expect(attempted.has(msgid)).toBe(true);
      expect(document['size']).toBeGreaterThan(100);
    }
    const missing = [...acknowledged].filter((id) => counts.get(id) !== 1);
    const duplicated = [...counts].filter(([, count]) => count > 1);
    process.stderr.write(
      `lmtp crash test: ${TOTAL} messages, ${attempted.size} attempts, ${acknowledged.size} acknowledged, ` +
        `${counts.size} stored, ${KILLS} kills, ${(elapsed / 1000).toFixed(1)} s\n`,
    );
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(acknowledged.size).toBe(TOTAL);
  }, 600_000);
});
