import { loadConfig, renderConfig } from '@eider/config';

/** `npm run config [-- --json]`: the effective config (file plus env), secrets masked. */
export const printConfigCommand = (args: string[]): number => {
  const { config, file, sources } = loadConfig();
  const json = args.includes('--json');
  if (!json) {
    process.stdout.write(`# effective Eider config; file: ${file ?? '(none, defaults only)'}\n`);
    for (const [key, origin] of sources) process.stdout.write(`# ${key} from ${origin}\n`);
    if (!config.mongo.uri) process.stdout.write('# mongo.uri unset: an embedded FerretDB is started\n');
    if (!config.redis.url) process.stdout.write('# redis.url unset: an embedded redis-server is started\n');
  }
  process.stdout.write(renderConfig(config, json ? 'json' : 'toml') + '\n');
  return 0;
};
