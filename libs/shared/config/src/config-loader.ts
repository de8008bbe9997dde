import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { ZodIssue } from 'zod';
import { ConfigError } from './config-error';
import { configSchema, type EiderConfig } from './config.schema';

export const ENV_PREFIX = 'EIDER_';
export const DEFAULT_CONFIG_FILE = 'config/eider.toml';

/** Well-known variables that operators and container platforms already use. */
const ENV_ALIASES: Readonly<Record<string, string>> = {
  MONGODB_URI: 'mongo.uri',
  REDIS_URL: 'redis.url',
  LOG_LEVEL: 'log.level',
};

export interface LoadConfigOptions {
  /** Path of the TOML file; falls back to EIDER_CONFIG, then config/eider.toml when it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface LoadedConfig {
  config: EiderConfig;
  file: string | undefined;
  /** Where each overridden key came from, e.g. `imap.port` -> `env EIDER_IMAP__PORT`. */
  sources: Map<string, string>;
}

type Tree = Record<string, unknown>;

const snakeToCamel = (segment: string): string =>
  segment.toLowerCase().replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase());

/** `EIDER_LIMITS__MAX_MESSAGE_SIZE` -> `limits.maxMessageSize`. */
export const envNameToKey = (name: string): string =>
  name.slice(ENV_PREFIX.length).split('__').map(snakeToCamel).join('.');

const setPath = (tree: Tree, key: string, value: unknown): void => {
  const parts = key.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1] as string] = value;
};

const readConfigFile = (path: string): Tree => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  try {
    return parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ConfigError(
        `config file ${path} is not valid TOML at line ${error.line}, column ${error.column}: ${error.message.split('\n')[0] ?? ''}`,
      );
    }
    throw new ConfigError(`config file ${path} is not valid TOML`);
  }
};

const describeIssue = (issue: ZodIssue, sources: Map<string, string>, file: string | undefined): string => {
  const key = issue.path.join('.');
  const origin = sources.get(key) ?? (file ? `file ${file}` : 'defaults');
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys.map((name) => (key ? `${key}.${name}` : name));
    const originOf = (name: string): string | undefined =>
      [...sources].find(([source]) => source === name || source.startsWith(`${name}.`))?.[1];
    const unknownOrigin = unknown.map(originOf).find(Boolean) ?? (file ? `file ${file}` : origin);
    return `unknown config key ${unknown.join(', ')} (from ${unknownOrigin}); check the spelling against config/eider.toml`;
  }
  return `invalid config value for ${key || '(root)'} (from ${origin}): ${issue.message}`;
};

export const loadConfig = (options: LoadConfigOptions = {}): LoadedConfig => {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicitFile = options.file ?? env['EIDER_CONFIG'];
  const candidate = resolve(cwd, explicitFile ?? DEFAULT_CONFIG_FILE);
  if (explicitFile && !existsSync(candidate)) {
    throw new ConfigError(`config file ${candidate} does not exist; fix EIDER_CONFIG or --config`);
  }
  const file = existsSync(candidate) ? candidate : undefined;
  const tree: Tree = file ? readConfigFile(file) : {};
  const sources = new Map<string, string>();

  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    const alias = ENV_ALIASES[name];
    if (alias) {
      setPath(tree, alias, value);
      sources.set(alias, `env ${name}`);
    } else if (name.startsWith(ENV_PREFIX) && name !== 'EIDER_CONFIG') {
      const key = envNameToKey(name);
      setPath(tree, key, value);
      sources.set(key, `env ${name}`);
    }
  }

  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(first ? describeIssue(first, sources, file) : 'invalid config');
  }
  return { config: parsed.data, file, sources };
};
