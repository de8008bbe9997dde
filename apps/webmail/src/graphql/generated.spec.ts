import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWebmailClient } from './client.generator';
import { readWebmailOperations } from './operation-sources';

const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

describe('typed GraphQL client of the webmail', () => {
  it('is in step with apps/api/schema.gql and every operations file', () => {
    const generated = generateWebmailClient(
      read('apps/api/schema.gql'),
      readWebmailOperations(join(root, 'apps/webmail/src')),
    );
    // When this fails, run: node scripts/generate-graphql-client.mjs
    expect(read('apps/webmail/src/graphql/generated.ts')).toBe(generated);
  });

  it('refuses operations that do not match the schema', () => {
    expect(() => generateWebmailClient('type Query { a: Int }', 'query Q { b }')).toThrow(/does not match/);
  });

  it('types results by selection, with nullability, lists, aliases and fragments', () => {
    const schema = `
      type Query { item(id: ID!): Item, items: [Item!]! }
      type Item { id: ID!, name: String, tags: [String!]!, kind: Kind! }
      enum Kind { A B }`;
    const code = generateWebmailClient(
      schema,
      'fragment F on Item { name } query One($id: ID!) { first: item(id: $id) { id ...F kind } items { tags } }',
    );
    expect(code).toContain("export type Kind = 'A' | 'B';");
    expect(code).toMatch(
      /first: \{\n\s+id: string;\n\s+name: string \| null;\n\s+kind: Kind;\n\s+\} \| null;/,
    );
    expect(code).toContain('tags: Array<string>;');
    expect(code).toContain('export interface OneQueryVariables {\n  id: string;\n}');
    expect(code).toContain('fragment F on Item');
  });
});
