import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  print,
  typeFromAST,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Typed webmail client code from the API schema and the webmail's operations, without a codegen
 * toolchain: schema enums and inputs as TS types, and per operation its exact result type, its variables
 * and the document as a string branded with both (usable with any fetch or graphql-ws call).
 */

const SCALARS: Record<string, string> = {
  ID: 'string',
  String: 'string',
  Boolean: 'boolean',
  Int: 'number',
  Float: 'number',
  DateTime: 'string',
};

const HEADER = `// Generated from apps/api/schema.gql and operations.graphql by scripts/generate-graphql-client.mjs.
// Do not edit: change the operations (or the API) and run \`node scripts/generate-graphql-client.mjs\`.

/** A GraphQL document as a string, carrying its result and variables types. */
export type TypedDocument<TResult, TVariables> = string & {
  readonly __result?: TResult;
  readonly __variables?: TVariables;
};
export type ResultOf<T> = T extends TypedDocument<infer R, unknown> ? R : never;
export type VariablesOf<T> = T extends TypedDocument<unknown, infer V> ? V : never;
`;

const scalarType = (name: string): string => SCALARS[name] ?? 'unknown';

const wrapOutput = (type: GraphQLOutputType | GraphQLInputType, inner: string, optional = false): string => {
  if (isNonNullType(type)) return wrapNonNull(type.ofType, inner);
  return `${wrapNonNull(type, inner)} | null${optional ? ' | undefined' : ''}`;
};
const wrapNonNull = (type: GraphQLOutputType | GraphQLInputType, inner: string): string =>
  isListType(type) ? `Array<${wrapOutput(type.ofType as GraphQLOutputType, inner)}>` : inner;

const namedTs = (type: GraphQLNamedType): string => (isScalarType(type) ? scalarType(type.name) : type.name);

const schemaTypes = (schema: GraphQLSchema): string[] => {
  const lines: string[] = [];
  const named = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of named) {
    if (isEnumType(type)) {
      const values = type.getValues().map((value) => `'${value.name}'`);
      lines.push(`export type ${type.name} = ${values.join(' | ')};`, '');
    } else if (isInputObjectType(type)) {
      lines.push(`export interface ${type.name} {`);
      for (const field of Object.values(type.getFields())) {
        const optional = !isNonNullType(field.type) || field.defaultValue !== undefined;
        const tsType = wrapOutput(field.type, namedTs(getNamedType(field.type)), true);
        lines.push(`  ${field.name}${optional ? '?' : ''}: ${tsType};`);
      }
      lines.push('}', '');
    }
  }
  return lines;
};

const indent = (depth: number): string => '  '.repeat(depth);

const selectionType = (
  parent: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  depth: number,
): string => {
  const fields: string[] = [];
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === '__typename') {
          fields.push(`${indent(depth + 1)}${key}: '${parent.name}';`);
          continue;
        }
        const field = parent.getFields()[selection.name.value];
        if (!field) throw new Error(`${parent.name} has no field ${selection.name.value}`);
        const named = getNamedType(field.type);
        const inner =
          selection.selectionSet && isObjectType(named)
            ? selectionType(named, selection.selectionSet, fragments, depth + 1)
            : namedTs(named);
        const line = `${indent(depth + 1)}${key}: ${wrapOutput(field.type, inner)};`;
        if (!fields.includes(line)) fields.push(line);
      }
    }
  };
  visit(selectionSet);
  return `{\n${fields.join('\n')}\n${indent(depth)}}`;
};

const usedFragments = (
  root: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  found = new Set<string>(),
): Set<string> => {
  for (const selection of root.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!found.has(name) && fragment) {
        found.add(name);
        usedFragments(fragment.selectionSet, fragments, found);
      }
    } else if (selection.selectionSet) {
      usedFragments(selection.selectionSet, fragments, found);
    }
  }
  return found;
};

const SUFFIX = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

const operationCode = (
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): string[] => {
  const name = operation.name?.value;
  if (!name) throw new Error('every webmail operation needs a name');
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const typeName = `${name}${SUFFIX[operation.operation]}`;
  const variables = (operation.variableDefinitions ?? []).map((definition) => {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) throw new Error(`unknown variable type in ${name}`);
    const optional = !isNonNullType(type) || definition.defaultValue !== undefined;
    return `  ${definition.variable.name.value}${optional ? '?' : ''}: ${wrapOutput(type, namedTs(getNamedType(type)), true)};`;
  });
  const documentNodes = [
    operation,
    ...[...usedFragments(operation.selectionSet, fragments)].map((fragment) => fragments.get(fragment)!),
  ];
  const source = documentNodes.map((node) => print(node)).join('\n\n');
  return [
    `export type ${typeName} = ${selectionType(root, operation.selectionSet, fragments, 0)};`,
    '',
    variables.length > 0
      ? `export interface ${typeName}Variables {\n${variables.join('\n')}\n}`
      : `export type ${typeName}Variables = Record<string, never>;`,
    '',
    `export const ${name}Document = ${JSON.stringify(source)} as TypedDocument<${typeName}, ${typeName}Variables>;`,
    '',
  ];
};

/** The generated TypeScript; throws when an operation does not validate against the schema. */
export const generateWebmailClient = (schemaSource: string, operationsSource: string): string => {
  const schema = buildSchema(schemaSource);
  const document: DocumentNode = parse(operationsSource);
  const errors = validate(schema, document);
  if (errors.length > 0) {
    throw new Error(
      `operations.graphql does not match the schema:\n${errors.map((e) => e.message).join('\n')}`,
    );
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return [
    HEADER,
    ...schemaTypes(schema),
    ...operations.flatMap((operation) => operationCode(schema, operation, fragments)),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
};
