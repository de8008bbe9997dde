import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createRequire } from 'node:module';
import { startApiHarness, type ApiHarness, type TestUser } from '../testing/api-test.harness';

// The schema object comes from Nest's CommonJS copy of graphql; printing needs that same copy.
const { printSchema } = createRequire(__filename)('graphql') as typeof import('graphql');
const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.gql');

interface GraphqlReply {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

describe('GraphQL endpoint: auth, errors and limits', () => {
  let api: ApiHarness;
  let alice: TestUser;

  beforeAll(async () => {
    api = await startApiHarness();
    alice = await api.createUser('gql');
  });
  afterAll(async () => api?.close());

  const graphql = async (query: string, token: string | null, variables: Record<string, unknown> = {}) => {
    const response = await api.call<GraphqlReply>('POST', '/graphql', { token, json: { query, variables } });
    return response;
  };

  it("answers `me` with the token's own user", async () => {
    const response = await graphql(
      '{ me { id username address quota { allowed used } mailboxCount } }',
      alice.token,
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      me: {
        id: alice.id,
        username: alice.user.username,
        address: `${alice.user.username}@example.test`,
        quota: { allowed: 0, used: 0 },
        mailboxCount: expect.any(Number),
      },
    });
  });

  it('gives UNAUTHENTICATED, with no stack trace, to an operation without a valid token', async () => {
    for (const token of [null, 'bogus-token']) {
      const response = await graphql('{ me { id } }', token);
      const [error] = response.body.errors ?? [];
      expect(error?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    }
  });

  it('refuses queries deeper or costlier than the limits before running them', async () => {
    const strict = await startApiHarness((config) => {
      config.api.graphql.maxDepth = 2;
      config.api.graphql.maxComplexity = 4;
    });
    try {
      const call = (query: string) =>
        strict.call<GraphqlReply>('POST', '/graphql', { token: alice.token, json: { query } });
      expect((await call('{ me { id } }')).body.errors).toBeUndefined();
      const deep = await call('fragment Q on User { quota { allowed } } { me { ...Q } }');
      expect(deep.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
      expect(deep.body.data ?? null).toBeNull();
      const wide = await call('{ a: me { id } b: me { id } c: me { id } }');
      expect(wide.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
    } finally {
      await strict.close();
    }
  });

  it('answers malformed queries with GRAPHQL_PARSE_FAILED', async () => {
    const response = await graphql('{ me { id ', alice.token);
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('keeps the checked-in schema.gql in step with the code', () => {
    const printed = `${printSchema(api.app.get(GraphQLSchemaHost).schema)}\n`;
    if (process.env['UPDATE_GRAPHQL_SCHEMA'] === '1') writeFileSync(SCHEMA_FILE, printed);
    const stored = readFileSync(SCHEMA_FILE, 'utf8');
    // When this fails, run: UPDATE_GRAPHQL_SCHEMA=1 npm test -- --only=integration graphql.int
    expect(stored).toBe(printed);
  });
});
