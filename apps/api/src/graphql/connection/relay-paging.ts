import { ArgsType, Field, Int } from '@nestjs/graphql';
import type { ComplexityEstimatorArgs } from '@nestjs/graphql';
import { GraphqlApiError } from '../graphql-errors';
import type { ConnectionShape } from './connection.factory';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PagingArgs {
  @Field(() => Int, { nullable: true, description: `Page forwards: at most this many (1-${MAX_PAGE_SIZE})` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Continue after this cursor (with `first`)' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page backwards: at most this many (1-${MAX_PAGE_SIZE})` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Go back from this cursor (with `last`)' })
  before?: string | null;
}

/** A validated window: `backwards` pages read `last` rows ending at `before` (or at the very end). */
export interface RelayWindow<K> {
  limit: number;
  after?: K;
  before?: K;
  backwards: boolean;
}

const sizeOf = (value: number | null | undefined, name: string): number | undefined => {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new GraphqlApiError('BAD_USER_INPUT', `${name} must be a positive integer`);
  }
  return Math.min(value, MAX_PAGE_SIZE);
};

/**
 * Relay arguments as a keyset window. `first` goes with `after`, `last` with `before`; mixing directions
 * is refused. `last` without `before` starts from `endKey`, a key beyond the final row in display order.
 */
export const relayWindow = <K>(
  args: PagingArgs,
  decode: (cursor: string, field: string) => K,
  endKey: K,
): RelayWindow<K> => {
  const first = sizeOf(args.first, 'first');
  const last = sizeOf(args.last, 'last');
  if (first !== undefined && last !== undefined) {
    throw new GraphqlApiError('BAD_USER_INPUT', 'Give either first or last, not both');
  }
  const after = args.after ?? undefined;
  const before = args.before ?? undefined;
  if (after !== undefined && before !== undefined) {
    throw new GraphqlApiError('BAD_USER_INPUT', 'Give either after or before, not both');
  }
  if (last !== undefined || before !== undefined) {
    if (first !== undefined) throw new GraphqlApiError('BAD_USER_INPUT', 'before goes with last, not first');
    return {
      limit: last ?? DEFAULT_PAGE_SIZE,
      before: before === undefined ? endKey : decode(before, 'before'),
      backwards: true,
    };
  }
  return {
    limit: first ?? DEFAULT_PAGE_SIZE,
    ...(after !== undefined ? { after: decode(after, 'after') } : {}),
    backwards: false,
  };
};

/** Cost of a connection field: its children once per requested row (as many as `first`/`last` allow). */
export const connectionComplexity = ({ args, childComplexity }: ComplexityEstimatorArgs): number => {
  const requested = [args['first'], args['last']].find((value): value is number => typeof value === 'number');
  const rows = Math.max(1, Math.min(requested ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
  return 1 + rows * childComplexity;
};

/** Plain list fields (mailboxes, addresses): children counted as if the list held this many entries. */
export const listComplexity =
  (expected: number) =>
  ({ childComplexity }: ComplexityEstimatorArgs): number =>
    1 + expected * childComplexity;

export const connectionOf = <T, N>(
  items: readonly T[],
  page: { total: number; hasNext: boolean; hasPrevious: boolean },
  node: (item: T) => N,
  cursor: (item: T) => string,
): ConnectionShape<N> => {
  const edges = items.map((item) => ({ cursor: cursor(item), node: node(item) }));
  return {
    edges,
    totalCount: page.total,
    pageInfo: {
      hasNextPage: page.hasNext,
      hasPreviousPage: page.hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
};
