import {
  getNamedType, isEnumType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType, Kind, valueFromASTUntyped,
  type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/**
 * Calculated query cost as shopify.dev documents it: scalars and enums 0, objects 1, a connection 2 plus its
 * page size (`first`/`last`) times the cost of one node, and 10 for each mutation. The requested cost is
 * charged before execution; afterwards the connections are re-priced by how many nodes they returned and the
 * difference is refunded.
 */
export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

type Composite = GraphQLObjectType | GraphQLInterfaceType;
type Data = Record<string, unknown> | null | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Present when pricing what was returned; absent when pricing what was asked. */
  actual: boolean;
}

function argument(field: FieldNode, name: string, walk: Walk): number | null {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  const value: unknown = valueFromASTUntyped(arg.value, walk.variables);
  return typeof value === 'number' ? value : null;
}

function fieldsOf(selectionSet: SelectionSetNode, parent: Composite, walk: Walk): { node: FieldNode; type: Composite }[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [{ node: selection, type: parent }];
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? walk.fragments[selection.name.value] : selection;
    if (!fragment) return [];
    const conditionName = fragment.typeCondition?.name.value;
    const condition = conditionName ? walk.schema.getType(conditionName) : parent;
    if (!condition || !(isObjectType(condition) || isInterfaceType(condition))) return [];
    return fieldsOf(fragment.selectionSet, condition, walk);
  });
}

function objectCost(selectionSet: SelectionSetNode | undefined, type: Composite, data: Data, walk: Walk): number {
  if (!selectionSet) return 0;
  let total = 0;
  for (const { node, type: parent } of fieldsOf(selectionSet, type, walk)) {
    if (node.name.value.startsWith('__')) continue;
    const definition: GraphQLField<unknown, unknown> | undefined = parent.getFields()[node.name.value];
    if (!definition) continue;
    const key = node.alias?.value ?? node.name.value;
    total += fieldCost(node, definition, data ? data[key] : undefined, walk);
  }
  return total;
}

function connectionCost(node: FieldNode, type: GraphQLObjectType, value: unknown, walk: Walk): number {
  const size = argument(node, 'first', walk) ?? argument(node, 'last', walk) ?? 0;
  const parts = fieldsOf(node.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] }, type, walk);
  let perItemRequested = 0;
  let actualItems = 0;
  for (const part of parts) {
    const key = part.node.alias?.value ?? part.node.name.value;
    const items = walk.actual && value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const itemType = getNamedType(type.getFields()[part.node.name.value]?.type);
    if (!itemType || !(isObjectType(itemType) || isInterfaceType(itemType))) continue;
    if (part.node.name.value === 'nodes') {
      if (walk.actual) actualItems += (Array.isArray(items) ? items : []).reduce((s: number, item: Data) => s + 1 + objectCost(part.node.selectionSet, itemType, item, walk), 0);
      else perItemRequested += 1 + objectCost(part.node.selectionSet, itemType, undefined, walk);
    } else if (part.node.name.value === 'edges') {
      const nodeField = fieldsOf(part.node.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] }, itemType, walk).find((f) => f.node.name.value === 'node');
      const nodeType = getNamedType(itemType.getFields()['node']?.type);
      if (!nodeField || !nodeType || !(isObjectType(nodeType) || isInterfaceType(nodeType))) continue;
      const nodeKey = nodeField.node.alias?.value ?? 'node';
      if (walk.actual) {
        for (const edge of Array.isArray(items) ? items : []) {
          actualItems += 1 + objectCost(nodeField.node.selectionSet, nodeType, (edge as Record<string, Data> | null)?.[nodeKey], walk);
        }
      } else {
        perItemRequested += 1 + objectCost(nodeField.node.selectionSet, nodeType, undefined, walk);
      }
    }
  }
  return 2 + (walk.actual ? actualItems : size * perItemRequested);
}

function fieldCost(node: FieldNode, definition: GraphQLField<unknown, unknown>, value: unknown, walk: Walk): number {
  const named = getNamedType(definition.type);
  if (isScalarType(named) || isEnumType(named)) return 0;
  if (!(isObjectType(named) || isInterfaceType(named))) return 0;
  if (isObjectType(named) && named.name.endsWith('Connection')) return connectionCost(node, named, value, walk);
  const unwrapped = isNonNullType(definition.type) ? definition.type.ofType : definition.type;
  if (isListType(unwrapped)) {
    if (walk.actual) {
      return (Array.isArray(value) ? value : []).reduce((s: number, item: Data) => s + 1 + objectCost(node.selectionSet, named, item, walk), 0);
    }
    const size = argument(node, 'first', walk) ?? 1;
    return size * (1 + objectCost(node.selectionSet, named, undefined, walk));
  }
  const data = walk.actual && value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  if (walk.actual && !data) return 1;
  return 1 + objectCost(node.selectionSet, named, data, walk);
}

export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  const walk: Walk = { schema, fragments, variables, actual: data !== undefined };
  if (operation.operation === 'mutation') {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith('__')).length * MUTATION_COST;
  }
  const root = schema.getQueryType();
  if (!root) return 0;
  return objectCost(operation.selectionSet, root, data ?? undefined, walk);
}
