import { chmodSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StackError } from './stack-error';
import { findExecutable, runCommand, searchDirs } from './run-command';
import type { ManagedProcess, Supervisor } from './supervisor';
import { assertPortFree, waitForPort } from './ports';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

export interface FerretdbSettings {
  binDir: string;
  dataDir: string;
  logDir: string;
  host: string;
  port: number;
  backend: 'sqlite' | 'postgresql';
  postgresqlUrl: string;
  portKey: string;
}

const GO_FALLBACK_DIRS = ['/usr/local/go/bin', '/usr/lib/go/bin', `${process.env['HOME'] ?? ''}/go/bin`];

const makeWritable = (dir: string): void => {
  chmodSync(dir, 0o755);
};

/**
 * Installs FerretDB into `binDir` with the Go toolchain, only when the binary is absent.
 * A plain `go install module@version` produces a binary that panics at start, because the module
 * archive lacks build/version/version.txt, which FerretDB's release tooling normally generates.
 * So the exact module source is downloaded, that one file is written as FerretDB documents, and
 * `go install` builds it from there.
 */
export const ensureFerretdbBinary = async (
  binDir: string,
  log: (line: string) => void,
  goSearchDirs: string[] = searchDirs(GO_FALLBACK_DIRS),
): Promise<string> => {
  const binary = join(binDir, 'ferretdb');
  if (existsSync(binary)) return binary;
  const go = await findExecutable('go', goSearchDirs);
  if (!go) {
    throw new StackError(
      'Go toolchain not found: the embedded store (FerretDB) is built with `go install`; install Go 1.22 or newer, or set MONGODB_URI to an existing MongoDB',
    );
  }
  log(
    `installing FerretDB ${FERRETDB_VERSION} into ${binDir} with go install (a few minutes the first time)`,
  );
  const download = await runCommand(go, [
    'mod',
    'download',
    '-json',
    `${FERRETDB_MODULE}@${FERRETDB_VERSION}`,
  ]);
  if (download.code !== 0) {
    throw new StackError(
      `go mod download of FerretDB failed: ${download.output.trim().split('\n').pop() ?? ''}`,
    );
  }
  let moduleDir: string;
  try {
    moduleDir = (JSON.parse(download.output) as { Dir: string }).Dir;
  } catch {
    throw new StackError('go mod download printed no module directory; check the Go toolchain');
  }
  // A fixed build directory lets Go's build cache recognise FerretDB's own packages on the next build
  // (from another clone, say); a random one would force a full recompile each time.
  const workDir = join(tmpdir(), `eider-ferretdb-${FERRETDB_VERSION}-build`);
  rmSync(workDir, { recursive: true, force: true });
  try {
    const sourceDir = join(workDir, 'src');
    cpSync(moduleDir, sourceDir, { recursive: true });
    makeWritable(join(sourceDir, 'build', 'version'));
    writeFileSync(join(sourceDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(binDir, { recursive: true });
    const install = await runCommand(go, ['install', './cmd/ferretdb'], {
      cwd: sourceDir,
      env: { ...process.env, GOBIN: binDir, GOFLAGS: '-buildvcs=false -trimpath', CGO_ENABLED: '0' },
      echo: false,
    });
    if (install.code !== 0) {
      throw new StackError(
        `go install of FerretDB failed: ${install.output.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new StackError(`go install finished but ${binary} is missing`);
  log(`FerretDB ${FERRETDB_VERSION} installed`);
  return binary;
};

/**
 * The PostgreSQL URL FerretDB gets. FerretDB prepares and caches its statements per connection, and its
 * pushed-down filters read `_jsonb -> $1`: once PostgreSQL settles on a generic plan for one (it does
 * when the table was small at the first executions), no expression index matches and every lookup stays
 * a sequential scan for the life of the connection. Custom plans see the field name and use the index.
 */
export const ferretdbPostgresUrl = (url: string): string => {
  const parsed = new URL(url);
  parsed.searchParams.set('plan_cache_mode', 'force_custom_plan');
  return parsed.toString();
};

export const startFerretdb = async (
  supervisor: Supervisor,
  binary: string,
  settings: FerretdbSettings,
): Promise<ManagedProcess> => {
  supervisor.reapStale('ferretdb');
  await assertPortFree(settings.port, settings.host, 'the embedded FerretDB', settings.portKey);
  const sqliteDir = join(settings.dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(settings.logDir, { recursive: true });
  const backendArgs =
    settings.backend === 'sqlite'
      ? ['--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`]
      : ['--handler=postgresql', `--postgresql-url=${ferretdbPostgresUrl(settings.postgresqlUrl)}`];
  const managed = supervisor.start({
    name: 'ferretdb',
    command: binary,
    args: [
      ...backendArgs,
      `--listen-addr=${settings.host}:${settings.port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      `--state-dir=${sqliteDir}`,
      '--log-level=warn',
      '--log-format=json',
    ],
    logFile: join(settings.logDir, 'ferretdb.log'),
    ownProcessGroup: true,
  });
  await waitForPort(settings.port, settings.host, 'FerretDB', {
    timeoutMs: 30_000,
    hasExited: managed.exitReason,
  });
  return managed;
};
