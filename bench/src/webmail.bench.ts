import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { setUpApiBench } from './support/api-bench-setup';
import { runBench, type CleanupStep } from './support/bench-runner';
import { workspaceRoot } from './support/bench-stack';
import { buildApps } from './support/eider-protocols';
import { cloneTemplates } from './support/imap-seed';
import {
  launchBenchChromium,
  median,
  percentile,
  signedInPage,
  startBenchWebmail,
} from './support/webmail-bench-stack';
import { installScrollProbe, scrollToBottom } from './support/webmail-scroll-probe';

const flag = (name: string, fallback: number): number => {
  const value = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive whole number`);
  return parsed;
};

// The render and open measures use a 10k mailbox; the scroll test a bigger one (100k by default).
const MESSAGES = flag('messages', 10_000);
const SCROLL_MESSAGES = flag('scroll-messages', 100_000);
const RUNS = flag('runs', 7);
const SCROLL_LIMIT_MS = flag('scroll-seconds', 900) * 1000;
const PASSWORD = 'webmail bench password';
const JSON_OUT = join(workspaceRoot, 'dist/bench/webmail.json');

// What the reading pane asks for (apps/webmail/src/mail/mail.graphql, MailMessage).
const MESSAGE_QUERY = `query MailMessage($id: ID!) {
  message(id: $id) {
    id uid thread subject from { name address } to { name address } cc { name address } date size preview
    seen flagged answered draft hasAttachments html(images: false) text remoteImages
    attachments { id filename contentType size disposition related downloadUrl }
    mailbox { id path specialUse }
  }
}`;

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

/** From navigation to /mail until the first message row is visible (signed in already). */
const firstRender = async (page: Page): Promise<number> => {
  const started = performance.now();
  // Timed to the first row, not to the load event the page's own resources decide.
  await page.goto('/mail', { waitUntil: 'commit' });
  await page.getByTestId('message-row').first().waitFor({ state: 'visible' });
  return performance.now() - started;
};

/** From the click on a row until the subject shows and the body (frame or text) has loaded. */
const openMessage = async (page: Page, index: number): Promise<{ ms: number; id: string }> => {
  // Timed to the first row, not to the load event the page's own resources decide.
  await page.goto('/mail', { waitUntil: 'commit' });
  const row = page.getByTestId('message-row').nth(index);
  await row.waitFor({ state: 'visible' });
  const id = (await row.getAttribute('data-message-id')) ?? '';
  const started = performance.now();
  await row.click();
  await page.getByTestId('message-subject').waitFor({ state: 'visible' });
  const frame = page.getByTestId('message-body-frame');
  const text = page.getByTestId('message-text');
  await frame.or(text).first().waitFor({ state: 'attached' });
  if ((await frame.count()) > 0) {
    await page
      .frameLocator('[data-testid="message-body-frame"]')
      .locator('body')
      .waitFor({ state: 'attached' });
  }
  return { ms: performance.now() - started, id };
};

const timeGraphqlMessage = async (baseUrl: string, token: string, id: string): Promise<number> => {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-access-token': token },
    body: JSON.stringify({ query: MESSAGE_QUERY, variables: { id } }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (response.status !== 200 || body.errors)
    throw new Error(`graphql message: ${JSON.stringify(body.errors)}`);
  return performance.now() - started;
};

const main = async (cleanups: CleanupStep[]): Promise<void> => {
  buildApps(log, ['api']);
  const setup = await setUpApiBench(cleanups, {
    label: 'webmail',
    username: 'webmailbench',
    password: PASSWORD,
    messages: MESSAGES,
    templates: 100,
  });
  log(`seeding ${SCROLL_MESSAGES} messages for the scroll test`);
  const seedStarted = Date.now();
  const scroller = await setup.accounts.createAccount({ username: 'webmailscroll', password: PASSWORD });
  await cloneTemplates(
    setup.bench.store,
    await setup.bench.store.mailboxes.getByPath(scroller._id, 'INBOX'),
    setup.templates,
    SCROLL_MESSAGES,
    'eider clone (scroll)',
  );
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const api = await setup.startApi();
  const webmail = await startBenchWebmail(api.baseUrl);
  cleanups.push(() => webmail.stop());
  const browser = await launchBenchChromium();
  cleanups.push(() => browser.close());

  const page = await signedInPage(browser, webmail.baseUrl, 'webmailbench', PASSWORD);
  await firstRender(page);
  const renders: number[] = [];
  for (let run = 0; run < RUNS; run++) renders.push(await firstRender(page));
  log(`first inbox render: median ${median(renders).toFixed(0)} ms over ${RUNS} runs`);

  const opens: number[] = [];
  const apiMessage: number[] = [];
  await openMessage(page, RUNS + 1);
  for (let run = 0; run < RUNS; run++) {
    const opened = await openMessage(page, run);
    opens.push(opened.ms);
    apiMessage.push(await timeGraphqlMessage(api.baseUrl, api.token, opened.id));
  }
  log(
    `open message: median ${median(opens).toFixed(0)} ms; API message query ${median(apiMessage).toFixed(1)} ms`,
  );
  await page.context().close();

  const scrollPage = await browser
    .newContext({ baseURL: webmail.baseUrl, viewport: { width: 1280, height: 800 } })
    .then((context) => context.newPage());
  await installScrollProbe(scrollPage);
  scrollPage.setDefaultTimeout(60_000);
  await scrollPage.goto('/login');
  await scrollPage.getByTestId('login-username').fill('webmailscroll');
  await scrollPage.getByTestId('login-password').fill(PASSWORD);
  await scrollPage.getByTestId('login-submit').click();
  await scrollPage.getByTestId('message-row').first().waitFor();
  log(`scrolling ${SCROLL_MESSAGES} messages to the bottom`);
  const scroll = await scrollToBottom(scrollPage, SCROLL_LIMIT_MS);

  const ratio = median(opens) / median(apiMessage);
  const lines = [
    '',
    `bench/webmail: INBOX of ${MESSAGES} messages (${RUNS} runs each), scroll test on ${SCROLL_MESSAGES}, store ${setup.bench.backend}`,
    `${'measure'.padEnd(52)}${'median ms'.padStart(11)}${'p90 ms'.padStart(9)}`,
    `${'first inbox render (navigate /mail → first row)'.padEnd(52)}${median(renders).toFixed(0).padStart(11)}${percentile(renders, 0.9).toFixed(0).padStart(9)}`,
    `${'open message (click → subject and body loaded)'.padEnd(52)}${median(opens).toFixed(0).padStart(11)}${percentile(opens, 0.9).toFixed(0).padStart(9)}`,
    `${"API's own GraphQL message query".padEnd(52)}${median(apiMessage).toFixed(1).padStart(11)}${percentile(apiMessage, 0.9).toFixed(1).padStart(9)}`,
    `open message / API message query: ${ratio.toFixed(1)}x`,
    '',
    `scroll to the bottom of ${SCROLL_MESSAGES}: ${scroll.reachedBottom ? 'reached' : `NOT reached within ${SCROLL_LIMIT_MS / 1000} s`} in ${scroll.seconds.toFixed(1)} s, ${scroll.steps} steps`,
    `  frames ${scroll.frames}, dropped ${scroll.droppedFrames} (${((100 * scroll.droppedFrames) / Math.max(1, scroll.frames + scroll.droppedFrames)).toFixed(1)}%), long tasks ${scroll.longTasks} (${scroll.longTaskMs.toFixed(0)} ms in all)`,
    `  page fetches ${scroll.pageFetches.length}: median ${median(scroll.pageFetches).toFixed(0)} ms, p90 ${percentile(scroll.pageFetches, 0.9).toFixed(0)} ms`,
    `  (seeding the ${SCROLL_MESSAGES} took ${seedSeconds.toFixed(0)} s)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(dirname(JSON_OUT), { recursive: true });
  writeFileSync(
    JSON_OUT,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        backend: setup.bench.backend,
        messages: MESSAGES,
        runs: RUNS,
        firstRenderMs: renders,
        openMessageMs: opens,
        apiMessageQueryMs: apiMessage,
        openToApiRatio: ratio,
        scroll: { messages: SCROLL_MESSAGES, seedSeconds, ...scroll },
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwritten to ${JSON_OUT}\n`);
};

runBench('webmail', main);
