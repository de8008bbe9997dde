import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { envNameToKey, loadConfig } from './config-loader';
import { maskSecrets, renderConfig } from './config-printer';

const emptyDir = (): string => mkdtempSync(join(tmpdir(), 'eider-config-'));

const withFile = (toml: string): string => {
  const dir = emptyDir();
  writeFileSync(join(dir, 'eider.toml'), toml);
  return join(dir, 'eider.toml');
};

const errorOf = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('gives every namespace its defaults when there is no file and no env', () => {
    const { config, file } = loadConfig({ env: {}, cwd: emptyDir() });
    expect(file).toBeUndefined();
    expect(config.api).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 8080,
      tokenTtlSeconds: 86400,
      maxBodyBytes: 48 * 1024 * 1024,
      docs: true,
      graphql: { enabled: true, introspection: true, ide: true, maxDepth: 12, maxComplexity: 5000 },
    });
    expect(config.imap.implicitTls).toEqual({ enabled: true, port: 1993 });
    expect(config.mongo.uri).toBeUndefined();
    expect(config.limits.maxMessageSize).toBe(64 * 1024 * 1024);
  });

  it('reads the file and lets env override it, converting env strings to typed values', () => {
    const file = withFile('[imap]\nport = 143\nenabled = true\n[lmtp]\nport = 24\n');
    const { config, sources } = loadConfig({
      file,
      env: { EIDER_IMAP__ENABLED: 'false', EIDER_LMTP__PORT: '2525', EIDER_LIMITS__MAX_MESSAGE_SIZE: '1000' },
    });
    expect(config.imap.port).toBe(143);
    expect(config.imap.enabled).toBe(false);
    expect(config.lmtp.port).toBe(2525);
    expect(config.limits.maxMessageSize).toBe(1000);
    expect(sources.get('lmtp.port')).toBe('env EIDER_LMTP__PORT');
  });

  it('accepts the conventional MONGODB_URI and REDIS_URL variables', () => {
    const { config } = loadConfig({
      env: { MONGODB_URI: 'mongodb://db:27017/', REDIS_URL: 'redis://cache:6379' },
      cwd: emptyDir(),
    });
    expect(config.mongo.uri).toBe('mongodb://db:27017/');
    expect(config.redis.url).toBe('redis://cache:6379');
  });

  it('lets each service be switched off on its own', () => {
    const { config } = loadConfig({
      env: { EIDER_API__ENABLED: '0', EIDER_WEBMAIL__ENABLED: 'no', EIDER_POP3__ENABLED: 'off' },
      cwd: emptyDir(),
    });
    expect([config.api.enabled, config.webmail.enabled, config.pop3.enabled]).toEqual([false, false, false]);
    expect([config.imap.enabled, config.lmtp.enabled]).toEqual([true, true]);
  });

  it('names the key and its source when a value is invalid', () => {
    const error = errorOf(() => loadConfig({ env: { EIDER_IMAP__PORT: 'abc' }, cwd: emptyDir() }));
    expect(error.message).toContain('imap.port');
    expect(error.message).toContain('EIDER_IMAP__PORT');
    const range = errorOf(() => loadConfig({ file: withFile('[api]\nport = 70000\n'), env: {} }));
    expect(range.message).toMatch(/api\.port .*file/);
  });

  it('refuses unknown keys, naming them, so typos do not pass silently', () => {
    const fromFile = errorOf(() => loadConfig({ file: withFile('[imap]\nprot = 1\n'), env: {} }));
    expect(fromFile.message).toContain('imap.prot');
    const fromEnv = errorOf(() => loadConfig({ env: { EIDER_IMAPP__PORT: '1' }, cwd: emptyDir() }));
    expect(fromEnv.message).toContain('imapp');
    expect(fromEnv.message).toContain('EIDER_IMAPP__PORT');
  });

  it('reports a broken file as one line with its position', () => {
    const error = errorOf(() => loadConfig({ file: withFile('[imap\nport = 1\n'), env: {} }));
    expect(error.message).toMatch(/not valid TOML at line 1/);
    expect(error.message).not.toContain('\n');
  });

  it('fails clearly when an explicitly named file is missing', () => {
    const error = errorOf(() => loadConfig({ env: { EIDER_CONFIG: '/nonexistent/eider.toml' } }));
    expect(error.message).toContain('/nonexistent/eider.toml');
  });
});

describe('envNameToKey', () => {
  it('maps double underscores to nesting and snake case to camel case', () => {
    expect(envNameToKey('EIDER_LIMITS__MAX_MESSAGE_SIZE')).toBe('limits.maxMessageSize');
    expect(envNameToKey('EIDER_MONGO__EMBEDDED__PORT')).toBe('mongo.embedded.port');
    expect(envNameToKey('EIDER_DATA_DIR')).toBe('dataDir');
  });
});

describe('printing', () => {
  it('masks secrets and URL passwords but keeps everything else', () => {
    const { config } = loadConfig({
      env: {
        MONGODB_URI: 'mongodb://eider:hunter2@db:27017/?replicaSet=rs0',
        REDIS_URL: 'redis://:redispass@cache:6379',
        EIDER_API__ROOT_TOKEN: 'a-very-secret-root-token',
      },
      cwd: emptyDir(),
    });
    const masked = maskSecrets(config);
    expect(masked.mongo.uri).toBe('mongodb://eider:********@db:27017/?replicaSet=rs0');
    expect(masked.redis.url).toBe('redis://:********@cache:6379');
    expect(masked.api.rootToken).toBe('********');
    expect(config.api.rootToken).toBe('a-very-secret-root-token');
    const printed = renderConfig(config) + renderConfig(config, 'json');
    for (const secret of ['hunter2', 'redispass', 'a-very-secret-root-token'])
      expect(printed).not.toContain(secret);
    expect(printed).toContain('replicaSet=rs0');
  });
});

describe('connection strings', () => {
  it('accepts multi-host replica-set and SRV MongoDB URIs and refuses other schemes', () => {
    const ok = (uri: string) => loadConfig({ env: { MONGODB_URI: uri }, cwd: emptyDir() }).config.mongo.uri;
    expect(ok('mongodb://a:27017,b:27017,c:27017/?replicaSet=rs0')).toContain('replicaSet=rs0');
    expect(ok('mongodb+srv://user:pw@cluster.example.com/eider')).toContain('mongodb+srv://');
    expect(errorOf(() => ok('http://example.com/')).message).toContain('mongo.uri');
    expect(
      errorOf(() => loadConfig({ env: { REDIS_URL: 'localhost:6379' }, cwd: emptyDir() })).message,
    ).toContain('redis.url');
  });
});
