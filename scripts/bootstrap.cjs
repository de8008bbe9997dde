#!/usr/bin/env node
// Runs before `npm start` / `npm test` on whatever Node npm itself uses (possibly an old one):
// it installs npm dependencies when they are missing or stale, which brings the pinned Node 24
// (the npm package `node`) into node_modules/.bin, where every later npm script finds it first.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockfile = join(root, 'package-lock.json');
const installedMarker = join(root, 'node_modules', '.package-lock.json');
const pinnedNode = join(root, 'node_modules', '.bin', 'node');

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const needsInstall =
  !existsSync(pinnedNode) || !existsSync(installedMarker) || mtime(lockfile) > mtime(installedMarker);

if (needsInstall) {
  const command = existsSync(lockfile) ? 'ci' : 'install';
  process.stdout.write(`eider: installing npm dependencies (npm ${command}); the first run takes a minute or two\n`);
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, command, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', [command, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`eider: npm ${command} failed; fix the error above and run the command again\n`);
    process.exit(1);
  }
}

const version = spawnSync(pinnedNode, ['--version'], { encoding: 'utf8' });
if (version.status !== 0 || !/^v24\./.test(version.stdout.trim())) {
  process.stderr.write(
    `eider: the pinned Node 24 (npm package "node") did not install correctly (got ${version.stdout.trim() || 'nothing'}); ` +
      'check that package.json allowScripts approves "node" and run `npm ci` again\n',
  );
  process.exit(1);
}
