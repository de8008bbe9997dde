import { literalMarkerAtEnd } from '../protocol/command-parser';
import { startMemoryServer, type MemoryServerHandle } from '../testing/memory-server';
import { RawImapClient } from '../testing/raw-imap-client';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS = [
  'NOOP',
  'CAPABILITY',
  'SELECT INBOX',
  'EXAMINE "Sent"',
  'FETCH 1:* (FLAGS UID BODY.PEEK[HEADER.FIELDS (Subject From)]<0.20> ENVELOPE BODYSTRUCTURE)',
  'UID FETCH 1:3,5 (BODY[1.MIME] RFC822.SIZE INTERNALDATE)',
  'FETCH 2 FULL',
  'STORE 1:2 +FLAGS (\\Seen $Kw)',
  'UID STORE 1 -FLAGS.SILENT (\\Deleted)',
  'SEARCH OR (FROM bob SINCE 1-Jan-2020) NOT (LARGER 10 UID 1:*) HEADER Subject "x"',
  'SEARCH RETURN (MIN MAX COUNT) CHARSET UTF-8 TEXT "hello"',
  'LIST (SUBSCRIBED RECURSIVEMATCH) "" (% INBOX) RETURN (CHILDREN STATUS (MESSAGES SIZE))',
  'LSUB "" *',
  'STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE)',
  'CREATE "Fuzz&AOQ-" (USE (\\Archive))',
  'RENAME Fuzz Fuzz2',
  'DELETE Fuzz2',
  'SUBSCRIBE Trash',
  'COPY 1:2 Trash',
  'MOVE 3 Trash',
  'UID EXPUNGE 1:*',
  'ENABLE IMAP4rev2 UTF8=ACCEPT',
  'ID ("name" "fuzz")',
  'GETQUOTAROOT INBOX',
  'APPEND INBOX (\\Seen) " 1-Jan-2024 00:00:00 +0000" {12+}\r\nSubject: x\r\n',
  'NAMESPACE',
  'UNSELECT',
  'CHECK',
  'IDLE',
  'AUTHENTICATE PLAIN',
];

const NOISE = [
  '(',
  ')',
  '"',
  '\\',
  '{',
  '}',
  '{5}',
  '{3+}',
  '~{2}',
  '*',
  '%',
  '[',
  ']',
  '<',
  '>',
  ' ',
  '\0',
  '\xff',
  '\xc3',
  'NIL',
  '1:*',
  '0',
  '4294967296',
  '-1',
  ':',
  ',',
];

function mutate(line: string, rnd: () => number): string {
  // Literal bytes stay intact (their length is announced); only the command line is mutated.
  const cut = line.indexOf('\r\n');
  const tail = cut < 0 ? '' : line.slice(cut);
  let s = cut < 0 ? line : line.slice(0, cut);
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const pos = Math.floor(rnd() * (s.length + 1));
    const op = rnd();
    if (op < 0.35) s = s.slice(0, pos) + (NOISE[Math.floor(rnd() * NOISE.length)] as string) + s.slice(pos);
    else if (op < 0.6) s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(rnd() * 5));
    else if (op < 0.75) s = s.slice(0, pos) + String.fromCharCode(Math.floor(rnd() * 256)) + s.slice(pos);
    else if (op < 0.85) s = s + s.slice(pos);
    else if (op < 0.92) s = s.slice(0, pos) + '('.repeat(Math.floor(rnd() * 200)) + s.slice(pos);
    // otherwise keep the valid command, so state-changing commands really run
  }
  // CR/LF inside the mutated line would split it into several commands.
  return s.replace(/[\r\n]/g, ' ') + tail;
}

describe('command fuzzing', () => {
  let h: MemoryServerHandle;
  beforeAll(async () => {
    h = await startMemoryServer({
      server: { maxBadCommands: 1_000_000, maxLineLength: 4096, idleKeepaliveSeconds: 60 },
    });
    for (let i = 0; i < 5; i++) {
      h.backend.deliver(
        'alice',
        'INBOX',
        `From: bob@example.com\r\nSubject: ${i}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhi\r\n--b--\r\n`,
      );
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('2,000 mutated commands: one tagged reply each, no crash, bounded memory', async () => {
    const rnd = prng(0x1ceb00da);
    const heapBefore = process.memoryUsage().heapUsed;
    let client: RawImapClient | null = null;
    let transcript = '';
    let replies = 0;
    let reconnects = 0;
    const fresh = async (): Promise<RawImapClient> => {
      const c = await RawImapClient.connect(h.port);
      await c.login();
      await c.command('S0', 'SELECT INBOX');
      reconnects++;
      return c;
    };
    for (let i = 0; i < 2000; i++) {
      client ??= await fresh();
      const tag = `F${i}`;
      const body = mutate(CORPUS[Math.floor(rnd() * CORPUS.length)] as string, rnd);
      const full = `${tag} ${body}`;
      const segments = full.split('\r\n');
      const first = literalMarkerAtEnd(Buffer.from(segments[0] as string, 'latin1'));
      // A non-synchronising literal goes out at once, as a LITERAL+ client would send it.
      const nonSync = first?.nonSync === true;
      if (!nonSync) client.write(`${segments[0]}\r\n`);
      else if (segments.length > 1) client.write(`${full}\r\n`);
      else if (first.size <= 100_000) client.write(`${full}\r\n${'x'.repeat(first.size)}\r\n`);
      else client.write(`${full}\r\n`);
      const tagged = new RegExp(`(?:^|\\r\\n)${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`);
      let sentRest = nonSync;
      for (;;) {
        const got = await client
          .waitFor(
            new RegExp(`${tagged.source}|(?:^|\\r\\n)\\+ [^\\r\\n]*\\r\\n|\\* BYE[^\\r\\n]*\\r\\n`),
            5000,
          )
          .catch((error: unknown) => {
            if (client?.isClosed) return null;
            throw new Error(`${String(error)} after sending ${JSON.stringify(full)}`);
          });
        if (got === null) {
          client = null;
          break;
        }
        transcript += got;
        if (tagged.test(got)) {
          replies++;
          break;
        }
        if (/\* BYE/.test(got)) {
          await client.waitClosed();
          client = null;
          break;
        }
        // A continuation: feed the literal (or the rest of a pre-built command), else end IDLE/AUTH.
        const marker = literalMarkerAtEnd(Buffer.from(segments[0] as string, 'latin1'));
        if (!sentRest && segments.length > 1) {
          client.write(`${segments.slice(1).join('\r\n')}\r\n`);
          sentRest = true;
        } else if (marker && !sentRest && Number.isFinite(marker.size)) {
          client.write(`${'x'.repeat(marker.size)}\r\n`);
          sentRest = true;
        } else {
          client.write('DONE\r\n');
        }
      }
    }
    client?.close();
    // Every tag answered at most once.
    const tags = [...transcript.matchAll(/(?:^|\r\n)(F\d+) (?:OK|NO|BAD)/g)].map((m) => m[1]);
    expect(new Set(tags).size).toBe(tags.length);
    expect(replies).toBeGreaterThan(1500);
    expect(reconnects).toBeLessThan(400);
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    // The server is still healthy.
    const probe = await RawImapClient.connect(h.port);
    expect(await probe.command('p', 'NOOP')).toMatch(/p OK/);
    probe.close();
  }, 120_000);
});
