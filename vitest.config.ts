import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';

// Nest relies on decorator metadata, which Vite's esbuild transform cannot emit; swc can.
const { compilerOptions } = JSON.parse(
  readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8'),
) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [
    name,
    new URL(`./${target}`, import.meta.url).pathname,
  ]),
);
const swcPlugin = swc.vite({
  jsc: {
    parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
});
const shared = { plugins: [swcPlugin], resolve: { alias } };
const ignored = ['**/node_modules/**', '**/dist/**', '**/.next/**', '**/data/**', '**/.eider/**'];

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          globals: true,
          include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'tools/**/*.spec.ts'],
          exclude: [...ignored, '**/*.int.spec.ts'],
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          globals: true,
          include: ['**/*.int.spec.ts'],
          exclude: ignored,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The store and Redis are shared; files run one at a time to keep measurements and counters honest.
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          globals: true,
          include: ['e2e/**/*.e2e-spec.ts'],
          exclude: ignored,
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // A browser waiting on a real stack: a second (the default) is too tight on a loaded machine.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
