import {
  coerceInputValue, execute, getNamedType, GraphQLError, isInputType, isNonNullType, isObjectType, Kind, parse, print, TypeInfo,
  typeFromAST, validate, visit, visitWithTypeInfo,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLFieldResolver, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { adminSchema, type ScopeRequirement } from './admin-schema';
import type { AccessScopes } from './access-scopes';
import type { LeakyBucket } from './bucket';
import { MAX_PAGE_SIZE } from './connection';
import { queryCost, SINGLE_QUERY_MAX_COST } from './cost';
import { rootValue } from './root';
import type { ShopStore } from './store';

export interface EndpointMetrics { requests: number; costPointsSpent: number; throttled: number; operations: Record<string, number> }

interface Answer { status: number; body: unknown }

/** graphql-ruby's error codes, which Shopify returns in errors[].extensions.code for invalid documents. */
function validationCode(message: string): string {
  if (message.startsWith('Cannot query field')) return 'undefinedField';
  if (message.startsWith('Unknown argument')) return 'argumentNotAccepted';
  if (message.includes('argument') && message.includes('required')) return 'missingRequiredArguments';
  if (message.startsWith('Unknown type')) return 'undefinedType';
  if (message.startsWith('Variable')) return 'variableMismatch';
  return 'GRAPHQL_VALIDATION_FAILED';
}

function formatError(error: GraphQLError, code?: string): Record<string, unknown> {
  // An exception that is not a GraphQLError is a fault of the simulator: Shopify's answer to its own faults.
  const internal = error.originalError && !(error.originalError instanceof GraphQLError);
  return {
    message: internal ? `Internal error. Looks like something went wrong on our end. (${error.message})` : error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { ...error.extensions, ...(internal ? { code: 'INTERNAL_SERVER_ERROR' } : {}), ...(code ? { code } : {}) },
  };
}

/** A document as parsed and validated once; Shopify's callers send the same few documents over and over. */
interface Prepared {
  document: DocumentNode | null;
  /** Parse or validation errors, already in Shopify's shape. */
  errors: Record<string, unknown>[] | null;
}

const PREPARED_CACHE_SIZE = 500;
/** Distinct documents kept for inspection (the adapter's contract test); a bound, not a log. */
const DOCUMENTS_KEPT = 2000;

function selectOperation(document: DocumentNode, name: string | null): OperationDefinitionNode | string {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return operations.find((o) => o.name?.value === name) ?? `No operation named "${name}"`;
  if (operations.length !== 1) return 'An operation name is required';
  return operations[0] as OperationDefinitionNode;
}

interface Problem { path: (string | number)[]; explanation: string }

/**
 * The operation's variables checked against their declared types, as graphql-ruby reports them: one error a
 * variable, naming each invalid spot in `problems`.
 */
function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, inputs: Record<string, unknown>): Record<string, unknown>[] {
  const errors: Record<string, unknown>[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) continue; // validation has already refused the document
    const problems: Problem[] = [];
    const given = Object.hasOwn(inputs, name);
    const value = inputs[name];
    if (!given || value === null) {
      if (isNonNullType(type) && !(definition.defaultValue && !given)) problems.push({ path: [], explanation: 'Expected value to not be null' });
    } else {
      coerceInputValue(value, type, (path, _invalid, error) => problems.push({ path: [...path], explanation: error.message }));
    }
    if (problems.length === 0) continue;
    const spots = problems.filter((p) => p.path.length > 0).map((p) => `${p.path.join('.')} (${p.explanation})`);
    errors.push({
      message: `Variable $${name} of type ${print(definition.type)} was provided invalid value${spots.length > 0 ? ` for ${spots.join(', ')}` : ''}`,
      locations: definition.loc ? [{ line: definition.loc.startToken.line, column: definition.loc.startToken.column }] : [],
      extensions: { code: 'INVALID_VARIABLE', value: value ?? null, problems },
    });
  }
  return errors;
}

/**
 * Shopify's pagination limits, checked before anything runs: a connection needs `first` or `last`, and no
 * page (nor a list truncated with `first`) may ask for more than 250 items.
 */
function pageSizeErrors(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown>[] {
  const errors: Record<string, unknown>[] = [];
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const root of [operation, ...fragments]) {
    visit(root, visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          path.push(node.alias?.value ?? node.name.value);
          const definition = typeInfo.getFieldDef();
          if (!definition) return;
          const size = (argName: string): number | null => {
            const arg = node.arguments?.find((a) => a.name.value === argName);
            if (!arg) return null;
            if (arg.value.kind === Kind.VARIABLE) {
              const value = variables[arg.value.name.value];
              return typeof value === 'number' ? value : null;
            }
            return arg.value.kind === Kind.INT ? Number(arg.value.value) : null;
          };
          const hasWindow = definition.args.some((a) => a.name === 'first') && definition.args.some((a) => a.name === 'last');
          const first = size('first');
          const last = size('last');
          const location = { line: node.loc?.startToken.line ?? 0, column: node.loc?.startToken.column ?? 0 };
          const named = getNamedType(definition.type);
          if (hasWindow && isObjectType(named) && named.name.endsWith('Connection') && first === null && last === null) {
            errors.push({ message: 'you must provide one of first or last', locations: [location], path: [...path], extensions: { code: 'BAD_REQUEST' } });
          }
          for (const [argName, value] of [['first', first], ['last', last]] as const) {
            if (value !== null && (value < 0 || value > MAX_PAGE_SIZE)) {
              errors.push({
                message: `Argument '${argName}' on Field '${definition.name}' has an invalid value (${value}). Expected a page size from 0 to ${MAX_PAGE_SIZE}.`,
                locations: [location], path: [...path], extensions: { code: 'BAD_REQUEST' },
              });
            }
          }
        },
        leave() {
          path.pop();
        },
      },
    }));
  }
  return errors;
}

export class GraphqlEndpoint {
  readonly metrics: EndpointMetrics = { requests: 0, costPointsSpent: 0, throttled: 0, operations: {} };
  /** Every distinct document received, for a contract test to check against the official schema. */
  readonly documents = new Set<string>();
  private readonly root: Record<string, unknown>;
  private readonly prepared = new Map<string, Prepared>();
  private readonly fieldResolver: GraphQLFieldResolver<unknown, unknown>;

  constructor(private readonly store: ShopStore, readonly bucket: LeakyBucket) {
    this.root = rootValue(store);
    this.fieldResolver = simulatedFieldResolver(store.access, adminSchema().scopes);
  }

  private cost(requested: number, actual: number | null): Record<string, unknown> {
    return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.bucket.status() } };
  }

  private prepare(schema: GraphQLSchema, query: string): Prepared {
    const cached = this.prepared.get(query);
    if (cached) return cached;
    let prepared: Prepared;
    try {
      const document = parse(query);
      const invalid = validate(schema, document);
      prepared = invalid.length > 0
        ? { document: null, errors: invalid.map((e) => formatError(e, validationCode(e.message))) }
        : { document, errors: null };
    } catch (error) {
      const e = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      prepared = { document: null, errors: [formatError(e, 'parseError')] };
    }
    if (this.prepared.size >= PREPARED_CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value as string);
    this.prepared.set(query, prepared);
    return prepared;
  }

  async answer(payload: { query?: unknown; variables?: unknown; operationName?: unknown }): Promise<Answer> {
    this.metrics.requests += 1;
    if (typeof payload.query !== 'string' || payload.query.trim() === '') {
      return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    }
    if (this.documents.size < DOCUMENTS_KEPT) this.documents.add(payload.query);
    const { schema } = adminSchema();
    const { document, errors: invalid } = this.prepare(schema, payload.query);
    if (!document) return { status: 200, body: { errors: invalid, extensions: this.cost(0, 0) } };
    const operation = selectOperation(document, typeof payload.operationName === 'string' ? payload.operationName : null);
    if (typeof operation === 'string') return { status: 200, body: { errors: [{ message: operation }], extensions: this.cost(0, 0) } };
    if (payload.variables !== undefined && payload.variables !== null && (typeof payload.variables !== 'object' || Array.isArray(payload.variables))) {
      return { status: 400, body: { errors: { variables: 'must be a JSON object' } } };
    }
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    const variableErrors = coerceVariables(schema, operation, variables);
    if (variableErrors.length > 0) return { status: 200, body: { errors: variableErrors, extensions: this.cost(0, 0) } };
    const sizeErrors = pageSizeErrors(schema, document, operation, variables);
    if (sizeErrors.length > 0) return { status: 200, body: { errors: sizeErrors, extensions: this.cost(0, 0) } };
    const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));

    const requested = queryCost(schema, operation, fragments, variables);
    if (requested > SINGLE_QUERY_MAX_COST) {
      return {
        status: 200,
        body: {
          errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST } }],
          extensions: this.cost(requested, null),
        },
      };
    }
    if (!this.bucket.tryTake(requested)) {
      this.metrics.throttled += 1;
      return {
        status: 200,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: this.cost(requested, null),
        },
      };
    }
    const operationKey = operation.name?.value ?? operation.operation;
    this.metrics.operations[operationKey] = (this.metrics.operations[operationKey] ?? 0) + 1;
    const result = await execute({
      schema, document, rootValue: this.root, variableValues: variables, operationName: operation.name?.value, fieldResolver: this.fieldResolver,
    });
    const ran = result.data !== undefined;
    const actual = result.data ? Math.min(requested, queryCost(schema, operation, fragments, variables, result.data as Record<string, unknown>)) : 0;
    this.bucket.refund(requested - actual);
    this.metrics.costPointsSpent += actual;
    const errors = result.errors?.map((e) => formatError(e, ran ? undefined : 'INVALID_VARIABLE'));
    return { status: 200, body: { ...(ran ? { data: result.data } : {}), ...(errors ? { errors } : {}), extensions: this.cost(requested, actual) } };
  }

  /** For inspection only: the store this endpoint serves. */
  get shopStore(): ShopStore {
    return this.store;
  }
}

/**
 * Resolves a field from the simulator's objects: a function-valued property is called with the field's
 * arguments, a plain one is returned. A field the simulator has no property for is one it does not model,
 * and says so instead of answering null; a field or type whose access scope was not granted is refused as
 * Shopify refuses it (ACCESS_DENIED, with Shopify's own wording of the required access).
 */
function simulatedFieldResolver(access: AccessScopes, scopes: ReadonlyMap<string, ScopeRequirement>): GraphQLFieldResolver<unknown, unknown> {
  const requirements = new Map<string, ScopeRequirement[]>();
  const requirementsOf = (parent: string, field: string, type: string): ScopeRequirement[] => {
    const key = `${parent}.${field}`;
    let found = requirements.get(key);
    if (!found) {
      found = [scopes.get(key), scopes.get(type)].filter((r): r is ScopeRequirement => r !== undefined);
      requirements.set(key, found);
    }
    return found;
  };
  return (source, args, context, info) => {
    for (const requirement of requirementsOf(info.parentType.name, info.fieldName, getNamedType(info.returnType).name)) {
      if (!requirement.anyOf.some((scope) => access.has(scope))) {
        throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: ${requirement.requiredAccess}`, {
          extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: requirement.requiredAccess },
        });
      }
    }
    if (source !== null && typeof source === 'object' && Object.hasOwn(source, info.fieldName)) {
      const value: unknown = (source as Record<string, unknown>)[info.fieldName];
      return typeof value === 'function' ? (value as (a: unknown, c: unknown, i: unknown) => unknown).call(source, args, context, info) : value;
    }
    throw new GraphQLError(`Field ${info.parentType.name}.${info.fieldName} is not simulated`, { extensions: { code: 'NOT_SIMULATED' } });
  };
}
