#!/usr/bin/env node
// Builds the CLI (cached by Nx) and hands over to it. npm runs this with node_modules/.bin/node first
// in PATH, which is the pinned Node 24.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(`eider: expected Node 24 but this is ${process.version}; run this through npm (npm start, npm test)\n`);
  process.exit(1);
}

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'cli:build', '--outputStyle=static'], {
  cwd: root,
  env,
  encoding: 'utf8',
});
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.stderr.write('eider: building the CLI failed; see the output above\n');
  process.exit(1);
}

const cli = spawn(process.execPath, [join(root, 'dist/tools/cli/src/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
// Forward signals (npm relays them here); the CLI stops its children in order before it exits.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => cli.kill(signal));
cli.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
