import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoType } from '../types/page-info.type';

export interface EdgeShape<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: EdgeShape<T>[];
  pageInfo: PageInfoType;
  totalCount: number;
}

/**
 * A Relay connection over `node`: declares `<name>Edge` and an abstract base that a concrete
 * `@ObjectType('<name>Connection') class X extends Connection(NodeType, '<name>') {}` names.
 */
export const Connection = <T>(node: Type<T>, name: string): Type<ConnectionShape<T>> => {
  @ObjectType(`${name}Edge`)
  class Edge implements EdgeShape<T> {
    @Field({ description: 'Opaque position of this node' })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionBase implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfoType)
    pageInfo!: PageInfoType;

    @Field(() => Int, { description: 'Matching nodes in total (a floor for very large searches)' })
    totalCount!: number;
  }

  return ConnectionBase as Type<ConnectionShape<T>>;
};
