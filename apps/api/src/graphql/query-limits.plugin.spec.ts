import { parse } from 'graphql';
import { operationDepth } from './query-limits.plugin';

describe('operationDepth', () => {
  it('counts nested fields, follows fragments and inline fragments, and ignores introspection', () => {
    expect(operationDepth(parse('{ a }'))).toBe(1);
    expect(operationDepth(parse('{ a { b { c } } d }'))).toBe(3);
    expect(operationDepth(parse('fragment F on T { x { y } } { a { ...F } }'))).toBe(3);
    expect(operationDepth(parse('{ a { ... on T { b { c } } } }'))).toBe(3);
    expect(operationDepth(parse('{ __schema { types { fields { name } } } a }'))).toBe(1);
  });

  it('terminates on self-referencing fragments', () => {
    expect(operationDepth(parse('fragment F on T { a { ...F } } { x { ...F } }'))).toBe(2);
  });

  it('measures only the named operation when one is given', () => {
    const document = parse('query A { a } query B { b { c { d } } }');
    expect(operationDepth(document, 'A')).toBe(1);
    expect(operationDepth(document, 'B')).toBe(3);
  });
});
