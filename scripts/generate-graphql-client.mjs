#!/usr/bin/env node
// Writes apps/webmail/src/graphql/generated.ts from apps/api/schema.gql and the webmail's operations
// (every *.graphql file under apps/webmail/src).
// Node 24 runs the TypeScript generator directly (type stripping). `--check` fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWebmailClient } from '../apps/webmail/src/graphql/client.generator.ts';
import { readWebmailOperations } from '../apps/webmail/src/graphql/operation-sources.ts';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'apps/webmail/src/graphql');
const output = join(dir, 'generated.ts');
const generated = generateWebmailClient(
  readFileSync(join(root, 'apps/api/schema.gql'), 'utf8'),
  readWebmailOperations(join(root, 'apps/webmail/src')),
);
if (process.argv.includes('--check')) {
  if (readFileSync(output, 'utf8') !== generated) {
    process.stderr.write(
      'apps/webmail/src/graphql/generated.ts is stale: run node scripts/generate-graphql-client.mjs\n',
    );
    process.exit(1);
  }
} else {
  writeFileSync(output, generated);
}
