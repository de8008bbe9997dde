import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@eider/config';
import { ensureStack, findFreePort } from '@eider/stack';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';
import { chooseTestBackend } from '@eider/stack';
import { addCounts, readReport, readReportsIn, type TestCounts } from './test-summary';
import { NX_BIN, nxEnv, runNodeTool, say, VITEST_BIN, workspaceRoot } from './workspace';

const REPORT_DIR = 'dist/test-reports';

const dropTestData = async (
  mongoUri: string,
  database: string,
  redisUrl: string,
  prefix: string,
): Promise<void> => {
  const mongo = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 5000 });
  try {
    await mongo.db(database).dropDatabase();
  } finally {
    await mongo.close();
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
};

const CHROMIUM = '/usr/bin/chromium';

/**
 * The webmail e2e tests drive Debian's Chromium. On a fresh machine where we are root with apt-get, install
 * it; otherwise those tests fail with a message saying how.
 */
const ensureChromium = (): void => {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    say(`${CHROMIUM} is missing: the webmail e2e tests will fail until \`apt-get install chromium\` is run`);
    return;
  }
  say(`installing Debian's chromium for the webmail e2e tests (apt-get)`);
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status;
  if (install() !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    if (install() !== 0) say('could not install chromium; the webmail e2e tests will fail');
  }
};

const runVitestProject = (project: string, env: NodeJS.ProcessEnv, filters: string[]): Promise<number> =>
  runNodeTool(
    VITEST_BIN,
    [
      'run',
      ...filters,
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${REPORT_DIR}/${project}.json`,
    ],
    env,
  );

/**
 * `npm test`: lint, typecheck, unit tests and builds through Nx (cached), then integration and e2e
 * tests against a real store and Redis: the embedded ones on free ports unless MONGODB_URI / REDIS_URL
 * are given. Every run uses its own database and Redis key prefix and removes them afterwards.
 */
export const testCommand = async (args: string[]): Promise<number> => {
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  // Anything else narrows the vitest run to matching files, e.g. `npm test -- --only=integration journal`.
  const filters = args.filter((arg) => !arg.startsWith('--'));
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const { config } = loadConfig();
  rmSync(join(workspaceRoot, REPORT_DIR), { recursive: true, force: true });
  const failures: string[] = [];

  if (!only || only === 'static') {
    say('lint, typecheck, unit tests and build (nx, cached)');
    const code = await runNodeTool(
      NX_BIN,
      ['run-many', '-t', 'lint', 'typecheck', 'test', 'build', '--outputStyle=static'],
      nxEnv(),
    );
    if (code !== 0) failures.push('lint/typecheck/unit/build');
  }

  if (only === 'e2e') {
    // e2e drives the built apps and CLI; make sure they are current when the static phase was skipped.
    const code = await runNodeTool(NX_BIN, ['run-many', '-t', 'build', '--outputStyle=static'], nxEnv());
    if (code !== 0) failures.push('build');
  }

  let counts: TestCounts = readReportsIn(join(workspaceRoot, REPORT_DIR, 'unit'));
  if (!only || only === 'integration' || only === 'e2e') {
    const dataDir = join(config.dataDir, 'test-runs', runId);
    const backend = chooseTestBackend(config, runId, say);
    const stack = await ensureStack({
      workspaceRoot,
      config: backend.config,
      log: say,
      dataDir,
      ports: { mongo: await findFreePort(), redis: await findFreePort() },
    }).catch((error: unknown) => {
      backend.cleanup();
      throw error;
    });
    const database = `eider_test_${runId}`;
    const keyPrefix = `eider-test-${runId}:`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGODB_URI: stack.mongoUri,
      REDIS_URL: stack.redisUrl,
      EIDER_MONGO__DATABASE: database,
      EIDER_REDIS__KEY_PREFIX: keyPrefix,
      TEST_EIDER_RUN_ID: runId,
      TEST_EIDER_EMBEDDED_MONGO: stack.embeddedMongo ? '1' : '0',
    };
    say(`test run ${runId}: database ${database} on ${backend.description}`);
    try {
      for (const project of ['integration', 'e2e']) {
        if (only && only !== project) continue;
        if (project === 'e2e') ensureChromium();
        const code = await runVitestProject(project, env, filters);
        counts = addCounts(counts, readReport(join(workspaceRoot, REPORT_DIR, `${project}.json`)));
        if (code !== 0) failures.push(project);
      }
    } finally {
      await dropTestData(stack.mongoUri, database, stack.redisUrl, keyPrefix).catch((error: unknown) =>
        say(`could not drop test data: ${error instanceof Error ? error.message : String(error)}`),
      );
      await stack.supervisor.stopAll();
      backend.cleanup();
      if (stack.embeddedMongo || stack.embeddedRedis) rmSync(stack.dataDir, { recursive: true, force: true });
    }
  }

  if (failures.length > 0) say(`failed: ${failures.join(', ')}`);
  process.stdout.write(
    `tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
  );
  return failures.length > 0 || counts.failed > 0 ? 1 : 0;
};
