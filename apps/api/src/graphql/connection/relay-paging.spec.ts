import { GraphQLError } from 'graphql';
import { connectionComplexity, connectionOf, relayWindow } from './relay-paging';

const decode = (cursor: string, field: string): number => {
  if (!/^\d+$/.test(cursor)) throw new Error(`${field} bad`);
  return Number(cursor);
};
const codeOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions['code'] : (error as Error).message;
  }
  return null;
};

describe('relayWindow', () => {
  it('reads first/after forwards and last/before backwards, starting from the end key', () => {
    expect(relayWindow({}, decode, 999)).toEqual({ limit: 20, backwards: false });
    expect(relayWindow({ first: 5, after: '7' }, decode, 999)).toEqual({
      limit: 5,
      after: 7,
      backwards: false,
    });
    expect(relayWindow({ last: 3, before: '9' }, decode, 999)).toEqual({
      limit: 3,
      before: 9,
      backwards: true,
    });
    expect(relayWindow({ last: 3 }, decode, 999)).toEqual({ limit: 3, before: 999, backwards: true });
    expect(relayWindow({ first: null, last: null, after: null }, decode, 999)).toEqual({
      limit: 20,
      backwards: false,
    });
  });

  it('caps page sizes at 100', () => {
    expect(relayWindow({ first: 5000 }, decode, 0).limit).toBe(100);
    expect(relayWindow({ last: 101 }, decode, 0).limit).toBe(100);
  });

  it('refuses contradictory or invalid arguments with BAD_USER_INPUT', () => {
    for (const args of [
      { first: 1, last: 1 },
      { after: '1', before: '2' },
      { first: 1, before: '2' },
      { first: 0 },
      { last: -2 },
      { first: 1.5 },
    ]) {
      expect(codeOf(() => relayWindow(args, decode, 0))).toBe('BAD_USER_INPUT');
    }
    expect(codeOf(() => relayWindow({ after: 'x' }, decode, 0))).toBe('after bad');
  });
});

describe('connectionOf', () => {
  it('builds edges and page info, with null cursors for an empty page', () => {
    const page = { total: 7, hasNext: true, hasPrevious: false };
    expect(connectionOf([1, 2], page, (n) => ({ n }), String)).toEqual({
      edges: [
        { cursor: '1', node: { n: 1 } },
        { cursor: '2', node: { n: 2 } },
      ],
      totalCount: 7,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: '1', endCursor: '2' },
    });
    expect(
      connectionOf([], { total: 0, hasNext: false, hasPrevious: false }, String, String).pageInfo,
    ).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});

describe('connectionComplexity', () => {
  const cost = (args: Record<string, unknown>) =>
    connectionComplexity({
      args,
      childComplexity: 3,
      field: {} as never,
      type: {} as never,
    });

  it('multiplies the children by the rows asked for, capped like the page size', () => {
    expect(cost({ first: 10 })).toBe(31);
    expect(cost({ last: 2 })).toBe(7);
    expect(cost({})).toBe(61);
    expect(cost({ first: 100000 })).toBe(301);
  });
});
