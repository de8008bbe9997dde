// Compiles one project's TypeScript to dist/<same path>.js with swc.
// Why swc and not tsc: Nest needs decorator metadata (esbuild has none) and swc is ~20x faster than tsc emit.
// Path aliases from tsconfig.base.json are rewritten to relative paths, so dist/ mirrors the source tree
// and an app's output can require a lib's output without any runtime resolver.
import { transformFile } from '@swc/core';
import { readFileSync, mkdirSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const workspaceRoot = resolve(import.meta.dirname, '../..');
const projectRoot = process.argv[2];
if (!projectRoot) {
  console.error('usage: swc-build.mjs <project-root>');
  process.exit(2);
}
const sourceRoot = join(workspaceRoot, projectRoot, 'src');
const outRoot = join(workspaceRoot, 'dist', projectRoot, 'src');
const base = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));

const isCompiled = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.spec.ts');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (isCompiled(entry.name)) yield full;
    else if (entry.name.endsWith('.json')) yield full;
  }
}

rmSync(outRoot, { recursive: true, force: true });
let count = 0;
for (const file of walk(sourceRoot)) {
  const target = join(outRoot, relative(sourceRoot, file)).replace(/\.ts$/, '.js');
  mkdirSync(dirname(target), { recursive: true });
  if (file.endsWith('.json')) {
    writeFileSync(target, readFileSync(file));
    continue;
  }
  const output = await transformFile(file, {
    swcrc: false,
    sourceMaps: true,
    module: { type: 'commonjs', strictMode: true },
    jsc: {
      target: 'es2023',
      baseUrl: workspaceRoot,
      paths: base.compilerOptions.paths,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  });
  writeFileSync(target, output.code + `\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  if (output.map) writeFileSync(target + '.map', output.map);
  count++;
}
console.log(`built ${projectRoot}: ${count} files -> ${relative(workspaceRoot, outRoot)}`);
