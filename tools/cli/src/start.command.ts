import { loadConfig, type EiderConfig } from '@eider/config';
import { ensureStack, waitForPort, type ManagedProcess, type RunningStack } from '@eider/stack';
import { apiUrlOf, protocolsEnabled, startApps } from './app-processes';
import { ensureDevRootToken } from './dev-root-token';
import { waitForHealthy } from './readiness';
import { NX_BIN, nxEnv, runNodeTool, say, workspaceRoot } from './workspace';

const buildApps = async (config: EiderConfig): Promise<void> => {
  const projects = [
    config.api.enabled ? 'api' : undefined,
    protocolsEnabled(config) ? 'protocols' : undefined,
    config.webmail.enabled ? 'webmail' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (projects.length === 0) return;
  say(`building ${projects.join(', ')} (cached after the first run)`);
  const code = await runNodeTool(
    NX_BIN,
    ['run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'],
    nxEnv(),
  );
  if (code !== 0) throw new Error(`the build failed (exit ${code}); see the output above`);
};

const printUrls = (config: EiderConfig, stack: RunningStack): void => {
  const lines = [
    'Eider is running:',
    config.api.enabled
      ? `  api        http://${config.api.host}:${config.api.port}  (health: /health)`
      : undefined,
    config.webmail.enabled ? `  webmail    http://${config.webmail.host}:${config.webmail.port}` : undefined,
    protocolsEnabled(config)
      ? `  protocols  ready; enabled: ${['imap', 'pop3', 'lmtp'].filter((name) => config[name as 'imap' | 'pop3' | 'lmtp'].enabled).join(', ')}`
      : undefined,
    `  mongodb    ${stack.embeddedMongo ? `${stack.mongoUri} (embedded FerretDB, data in ${stack.dataDir})` : '(configured MONGODB_URI)'}`,
    `  redis      ${stack.embeddedRedis ? `${stack.redisUrl} (embedded redis-server)` : '(configured REDIS_URL)'}`,
    `  database   ${config.mongo.database}`,
    'Press Ctrl-C to stop everything.',
  ];
  for (const line of lines) if (line) process.stdout.write(line + '\n');
};

export const startCommand = async (): Promise<number> => {
  const { config } = loadConfig();
  const stack = await ensureStack({ workspaceRoot, config, log: say });
  let stopping: Promise<never> | undefined;
  // Ctrl-C reaches this process twice (from the terminal and relayed by npm); both share one ordered stop.
  const stop = (reason: string, code: number): Promise<never> => {
    stopping ??= (async () => {
      say(`${reason}; stopping`);
      await stack.supervisor.stopAll();
      say('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('interrupted', 0));
  process.on('SIGTERM', () => void stop('terminated', 0));
  process.on('SIGHUP', () => void stop('hang-up', 0));

  let apps: ManagedProcess[] = [];
  let rootTokenNote: string | undefined;
  try {
    await buildApps(config);
    const devToken =
      config.api.enabled && !config.api.rootToken ? ensureDevRootToken(stack.dataDir) : undefined;
    apps = await startApps(stack.supervisor, {
      config,
      mongoUri: stack.mongoUri,
      redisUrl: stack.redisUrl,
      ...(devToken ? { extraEnv: { EIDER_API__ROOT_TOKEN: devToken.token } } : {}),
    });
    if (devToken)
      rootTokenNote = `  root token ${devToken.token}  (generated for this data directory: ${devToken.file})`;
    for (const app of apps) {
      void app.exited.then(() => {
        if (!stopping) void stop(`${app.name} exited unexpectedly (${app.exitReason() ?? ''})`, 1);
      });
    }
    if (config.api.enabled) await waitForHealthy(apiUrlOf(config), protocolsEnabled(config), apps);
    if (config.webmail.enabled) {
      await waitForPort(config.webmail.port, config.webmail.host, 'the webmail', {
        timeoutMs: 60_000,
        hasExited: apps.find((app) => app.name === 'webmail')?.exitReason,
      });
    }
  } catch (error) {
    await stack.supervisor.stopAll();
    throw error;
  }
  printUrls(config, stack);
  if (rootTokenNote) process.stdout.write(`${rootTokenNote}\n`);
  return new Promise<number>(() => undefined);
};
