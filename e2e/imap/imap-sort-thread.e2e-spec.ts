import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import {
  createTestAccount,
  startProtocols,
  type RunningProtocols,
  type TestAccount,
} from '../support/protocols-process';

/*
 * SORT and THREAD over real-world mail, checked against a reference computed here with mailparser.
 * The reference follows RFC 5256 on its own terms (written apart from the server's code), so a
 * mismatch points at one of the two readings of the RFC, not at shared code.
 */
const CORPUS = '/work/shared/corpus/mail-fixtures';
const corpusPresent = existsSync(CORPUS);
if (!corpusPresent) console.warn(`${CORPUS} is absent: the SORT/THREAD corpus e2e test is skipped`);

const emlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return emlFiles(path);
      return name.endsWith('.eml') ? [path] : [];
    });

interface Ref {
  uid: number;
  sent: number;
  subject: string;
  reply: boolean;
  from: string;
  /** False when mailparser could not read a Date header that is present (see `reference`). */
  comparable: boolean;
  id: string | null;
  refs: string[];
}

// ---- reference: RFC 5256 base subject (section 2.1), by regular expressions this time.
const TRAILER = /(\(fwd\)| )$/i;
const LEADER = /^(( )|((\[[^[\]]*\] *)*(re|fwd?) *(\[[^[\]]*\] *)?:))/i;
const BLOB = /^\[[^[\]]*\] */;
function base(subject: string): { text: string; reply: boolean } {
  let s = subject.replace(/[\t\r\n ]+/g, ' ');
  let reply = false;
  for (;;) {
    let m: RegExpExecArray | null;
    while ((m = TRAILER.exec(s))) {
      if (m[1] !== ' ') reply = true;
      s = s.slice(0, -m[1]!.length);
    }
    for (let changed = true; changed;) {
      changed = false;
      if ((m = LEADER.exec(s))) {
        if (!m[2]) reply = true;
        s = s.slice(m[0].length);
        changed = true;
      } else if ((m = BLOB.exec(s)) && /\S/.test(s.slice(m[0].length))) {
        s = s.slice(m[0].length);
        changed = true;
      }
    }
    if (/^\[fwd:/i.test(s) && s.endsWith(']')) {
      s = s.slice(5, -1);
      reply = true;
      continue;
    }
    return { text: s, reply };
  }
}

// i;unicode-casemap, roughly: upper case (simple mappings only), NFKD, code point order.
const fold = (s: string): string =>
  [
    ...[...s]
      .map((c) => (c.toUpperCase().length === c.length ? c.toUpperCase() : c))
      .join('')
      .normalize('NFKD'),
  ]
    .map((c) => (c.toUpperCase().length === c.length ? c.toUpperCase() : c))
    .join('');
const cmp = (a: string, b: string): number => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

const firstMailbox = (field: AddressObject | AddressObject[] | undefined): string => {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  for (const object of list)
    for (const a of object.value) {
      const member = a.group ? a.group[0] : a;
      if (member?.address !== undefined) return member.address.split('@')[0] ?? '';
    }
  return '';
};

const ids = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value.join(' ') : (value ?? '')).match(/<[^<>\s]+>/g) ?? [];

function reference(uid: number, mail: ParsedMail, internal: Date): Ref {
  const dateHeader = mail.headers.get('date');
  // mailparser answers "now" for a Date header it cannot read; the server may still read it (or read
  // it differently), so such messages are left out of the comparisons rather than guessed at.
  const readable =
    mail.date !== undefined &&
    !Number.isNaN(mail.date.getTime()) &&
    Date.now() - mail.date.getTime() > 86_400_000;
  const sent = dateHeader !== undefined && readable && mail.date ? mail.date : internal;
  const b = base(mail.subject ?? '');
  const references = ids(mail.references);
  const irt = ids(mail.inReplyTo)[0];
  return {
    uid,
    sent: sent.getTime(),
    subject: fold(b.text),
    reply: b.reply,
    from: fold(firstMailbox(mail.from)),
    comparable: dateHeader === undefined || readable,
    id: ids(mail.messageId)[0] ?? null,
    refs: references.length > 0 ? references : irt ? [irt] : [],
  };
}

type Tree = { ref: Ref | null; kids: Tree[]; up: Tree | null };
type Nested = Array<number | Nested>;

// ---- reference: THREAD=REFERENCES (RFC 5256 section 3), the straightforward recursive way.
function threadReferences(refs: Ref[]): Nested {
  const table = new Map<string, Tree>();
  const all: Tree[] = [];
  const get = (id: string): Tree => {
    if (!table.has(id)) {
      const t: Tree = { ref: null, kids: [], up: null };
      table.set(id, t);
      all.push(t);
    }
    return table.get(id)!;
  };
  const below = (a: Tree, b: Tree): boolean => (a === b ? true : a.up ? below(a.up, b) : false);
  const setParent = (child: Tree, parent: Tree | null): void => {
    if (child.up) child.up.kids = child.up.kids.filter((k) => k !== child);
    child.up = parent;
    parent?.kids.push(child);
  };
  for (const r of [...refs].sort((a, b) => a.uid - b.uid)) {
    let me: Tree;
    if (r.id && table.has(r.id) && table.get(r.id)!.ref === null) (me = table.get(r.id)!).ref = r;
    else {
      me = { ref: r, kids: [], up: null };
      all.push(me);
      if (r.id && !table.has(r.id)) table.set(r.id, me);
    }
    for (let i = 0; i + 1 < r.refs.length; i++) {
      const p = get(r.refs[i]!);
      const c = get(r.refs[i + 1]!);
      if (!c.up && !below(p, c)) setParent(c, p);
    }
    const last = r.refs.at(-1);
    if (!last) setParent(me, null);
    else if (!below(get(last), me) && me.up !== get(last)) setParent(me, get(last));
  }
  const root: Tree = { ref: null, kids: all.filter((t) => !t.up), up: null };
  const prune = (t: Tree, isRoot: boolean): void => {
    t.kids.forEach((k) => prune(k, false));
    t.kids = t.kids.flatMap((k) =>
      k.ref ? [k] : k.kids.length === 0 ? [] : !isRoot || k.kids.length === 1 ? k.kids : [k],
    );
    t.kids.forEach((k) => (k.up = t));
  };
  prune(root, true);
  const subj = (t: Tree): Ref | undefined => t.ref ?? t.kids[0]?.ref ?? undefined;
  const byBase = new Map<string, Tree>();
  for (const t of root.kids) {
    const s = subj(t)?.subject;
    if (!s) continue;
    const held = byBase.get(s);
    if (!held || (held.ref && (!t.ref || (held.ref.reply && !t.ref.reply)))) byBase.set(s, t);
  }
  const roots = [...root.kids];
  for (const t of root.kids) {
    const s = subj(t)?.subject;
    if (!s) continue;
    const held = byBase.get(s)!;
    if (held === t) continue;
    roots.splice(roots.indexOf(t), 1);
    if (!held.ref && !t.ref) held.kids.push(...t.kids);
    else if (!held.ref || (t.ref!.reply && !held.ref.reply)) held.kids.push(t);
    else {
      const dummy: Tree = { ref: null, kids: [held, t], up: null };
      roots[roots.indexOf(held)] = dummy;
      byBase.set(s, dummy);
    }
  }
  const order = (t: Tree): void => {
    t.kids.forEach(order);
    const key = (k: Tree): Ref => (k.ref ?? k.kids[0]!.ref)!;
    t.kids.sort((a, b) => key(a).sent - key(b).sent || key(a).uid - key(b).uid);
  };
  const top: Tree = { ref: null, kids: roots, up: null };
  order(top);
  // As thread-list nesting: a single child continues the list, two or more nest.
  const members = (t: Tree): Nested => {
    const out: Nested = t.ref ? [t.ref.uid] : [];
    if (t.kids.length === 1) return [...out, ...members(t.kids[0]!)];
    return [...out, ...t.kids.map(members)];
  };
  return top.kids.map(members);
}

/** imapflow hands THREAD back as nested attribute lists; reduce them to numbers and arrays. */
const plain = (value: unknown): Nested | number => {
  if (Array.isArray(value)) return value.map<number | Nested>(plain);
  const v = (value as { value?: unknown }).value;
  return Number(v);
};

describe.skipIf(!corpusPresent)('SORT and THREAD over the mail-fixtures corpus', () => {
  let server: RunningProtocols;
  let account: TestAccount;
  let client: ImapFlow;
  const refs: Ref[] = [];

  beforeAll(async () => {
    server = await startProtocols({ EIDER_LMTP__ENABLED: 'false', EIDER_POP3__ENABLED: 'false' });
    account = createTestAccount();
    client = new ImapFlow({
      host: '127.0.0.1',
      port: server.imapPort,
      secure: false,
      tls: { rejectUnauthorized: false },
      auth: { user: account.username, pass: account.password },
      logger: false,
    });
    await client.connect();
    await client.mailboxCreate('Corpus');
    const files = emlFiles(CORPUS);
    for (const [index, file] of files.entries()) {
      const raw = readFileSync(file);
      const internal = new Date(Date.UTC(2021, 0, 1) + index * 3_600_000);
      const appended = await client.append('Corpus', raw, [], internal).catch(() => false as const);
      if (!appended || !appended.uid) continue;
      refs.push(reference(appended.uid, await simpleParser(raw), internal));
    }
    await client.mailboxOpen('Corpus');
  }, 300_000);
  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await server?.stop();
  });

  const atom = (value: string) => ({ type: 'ATOM', value });
  const run = async (command: string, args: unknown[], name: 'SORT' | 'THREAD'): Promise<unknown[]> => {
    let data: unknown[] = [];
    const exec = (
      client as unknown as {
        exec: (c: string, a: unknown[], o: unknown) => Promise<{ next: () => void }>;
      }
    ).exec.bind(client);
    const response = await exec(command, args, {
      untagged: {
        [name]: (untagged: { attributes: unknown[] }) => void (data = untagged.attributes ?? []),
      },
    });
    response.next();
    return data;
  };
  const compared = (): Ref[] => refs.filter((r) => r.comparable);
  const scope = (): unknown[] => [
    atom('UID'),
    atom(
      compared()
        .map((r) => r.uid)
        .join(','),
    ),
  ];
  const sortUids = async (...criteria: string[]): Promise<number[]> =>
    (await run('UID SORT', [criteria.map(atom), atom('UTF-8'), ...scope()], 'SORT')).map((a) =>
      Number((a as { value: string }).value),
    );

  it('appended most of the corpus', () => {
    expect(refs.length).toBeGreaterThan(50);
    expect(compared().length).toBeGreaterThan(refs.length - 10);
  });

  it('UID SORT (SUBJECT) matches the reference', async () => {
    const expected = compared()
      .sort((a, b) => cmp(a.subject, b.subject) || a.uid - b.uid)
      .map((r) => r.uid);
    expect(await sortUids('SUBJECT')).toEqual(expected);
  });

  it('UID SORT (REVERSE DATE) matches the reference', async () => {
    const expected = compared()
      .sort((a, b) => b.sent - a.sent || a.uid - b.uid)
      .map((r) => r.uid);
    expect(await sortUids('REVERSE', 'DATE')).toEqual(expected);
  });

  it('UID SORT (FROM) matches the reference', async () => {
    const expected = compared()
      .sort((a, b) => cmp(a.from, b.from) || a.uid - b.uid)
      .map((r) => r.uid);
    expect(await sortUids('FROM')).toEqual(expected);
  });

  it('UID THREAD REFERENCES UTF-8 ALL matches the reference', async () => {
    const all = (await run('UID THREAD', ['REFERENCES', 'UTF-8', 'ALL'].map(atom), 'THREAD')).map(plain);
    // Every appended message appears exactly once in the unrestricted answer.
    expect(JSON.stringify(all).match(/\d+/g)).toHaveLength(refs.length);
    const got = (await run('UID THREAD', [atom('REFERENCES'), atom('UTF-8'), ...scope()], 'THREAD')).map(
      plain,
    );
    expect(got).toEqual(threadReferences(compared()));
  });
});
