import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setUpApiBench } from './support/api-bench-setup';
import { runBench, type CleanupStep } from './support/bench-runner';
import { workspaceRoot } from './support/bench-stack';
import { buildApps } from './support/eider-protocols';
import { describeLoad, numberEnv, runLoad, type LoadResult } from './support/http-load';

// FerretDB answers a 1000-message mailbox quickly; BENCH_GRAPHQL_MESSAGES measures bigger ones.
const MESSAGES = numberEnv('BENCH_GRAPHQL_MESSAGES', 1000);
const CLIENTS = numberEnv('BENCH_GRAPHQL_CLIENTS', 16);
const SECONDS = numberEnv('BENCH_GRAPHQL_SECONDS', 10);
const PAGE = 50;
const THREADS = 20;
const TEMPLATES = 100;
const USER = 'graphqlbench';
const PASSWORD = 'graphql bench password';
const JSON_OUT = join(workspaceRoot, 'dist/bench/graphql.json');

// What the webmail asks for (apps/webmail/src/graphql/operations.graphql), previews included.
const LIST_FIELDS =
  'id uid thread subject from { name address } date size preview seen flagged hasAttachments';
const INBOX_QUERY = `query InboxPage($mailboxId: ID!) {
  messages(mailboxId: $mailboxId, first: ${PAGE}) {
    edges { cursor node { ${LIST_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const THREADS_QUERY = `query Threads {
  threads(first: ${THREADS}) {
    edges { node { id subject lastDate messageCount unseenCount
      messages(first: 5) { edges { node { ${LIST_FIELDS} mailbox { id path } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

const measure = async (label: string, request: () => Promise<void>): Promise<LoadResult> => {
  log(`${label}, ${CLIENTS} clients for ${SECONDS} s`);
  const result = await runLoad({ clients: CLIENTS, seconds: SECONDS }, request);
  log(describeLoad(label, result));
  return result;
};

const loads = async (baseUrl: string, token: string, user: string, inbox: string) => {
  const headers = { 'x-access-token': token };
  const rest = async (path: string): Promise<void> => {
    const response = await fetch(baseUrl + path, { headers });
    const body = await response.arrayBuffer();
    if (response.status !== 200)
      throw new Error(`${path}: HTTP ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  };
  const graphql = async (query: string, variables: Record<string, unknown> = {}): Promise<void> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    if (response.status !== 200 || body.errors) {
      throw new Error(
        `graphql: HTTP ${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 200)}`,
      );
    }
  };
  // A warm-up call of each, so that a broken query fails loudly instead of as a column of errors.
  await graphql(INBOX_QUERY, { mailboxId: inbox });
  await graphql(THREADS_QUERY);
  return {
    inboxGraphql: await measure(`graphql inbox (${PAGE} with previews)`, () =>
      graphql(INBOX_QUERY, { mailboxId: inbox }),
    ),
    inboxRest: await measure(`rest inbox (limit=${PAGE})`, () =>
      rest(`/users/${user}/mailboxes/${inbox}/messages?limit=${PAGE}&order=desc`),
    ),
    threadsGraphql: await measure(`graphql threads (${THREADS}, 5 messages each)`, () =>
      graphql(THREADS_QUERY),
    ),
    // REST has no conversation route: the nearest call is one page of search across all mailboxes,
    // which a client then groups by its `thread` field.
    threadsRest: await measure(`rest search across mailboxes (limit=${PAGE})`, () =>
      rest(`/users/${user}/search?limit=${PAGE}`),
    ),
  };
};

const main = async (cleanups: CleanupStep[]): Promise<void> => {
  buildApps(log, ['api']);
  const { bench, user, inbox, startApi } = await setUpApiBench(cleanups, {
    label: 'graphql',
    username: USER,
    password: PASSWORD,
    messages: MESSAGES,
    templates: TEMPLATES,
  });
  const api = await startApi();
  const { token } = api;
  const results = await loads(api.baseUrl, token, user._id.toHexString(), inbox._id.toHexString());

  const rows = [
    {
      measure: `inbox page, ${PAGE} messages with previews`,
      graphql: results.inboxGraphql,
      rest: results.inboxRest,
    },
    {
      measure: `threads (${THREADS}) vs REST search page (${PAGE})`,
      graphql: results.threadsGraphql,
      rest: results.threadsRest,
    },
  ];
  const cell = (result: LoadResult, key: 'p50' | 'p99' | 'perSecond') => result[key].toFixed(1);
  process.stdout.write(
    `\nbench/graphql: ${MESSAGES} messages in INBOX, ${CLIENTS} concurrent clients, ${SECONDS} s per measure, store ${bench.backend}\n`,
  );
  process.stdout.write(
    'measure'.padEnd(48) +
      'graphql p50 ms'.padStart(15) +
      'p99 ms'.padStart(9) +
      'req/s'.padStart(9) +
      '  rest p50 ms'.padStart(14) +
      'p99 ms'.padStart(9) +
      'req/s'.padStart(9) +
      '\n',
  );
  for (const row of rows) {
    process.stdout.write(
      row.measure.padEnd(48) +
        cell(row.graphql, 'p50').padStart(15) +
        cell(row.graphql, 'p99').padStart(9) +
        cell(row.graphql, 'perSecond').padStart(9) +
        cell(row.rest, 'p50').padStart(14) +
        cell(row.rest, 'p99').padStart(9) +
        cell(row.rest, 'perSecond').padStart(9) +
        '\n',
    );
    for (const [side, result] of [
      ['graphql', row.graphql],
      ['rest', row.rest],
    ] as const) {
      if (result.errors)
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

runBench('graphql', main);
