import { execute, GraphQLError, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { LeakyBucket } from './bucket';
import { queryCost, SINGLE_QUERY_MAX_COST } from './cost';
import { rootValue } from './root';
import { adminSchema } from './schema';
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
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { ...error.extensions, ...(code ? { code } : {}) },
  };
}

function selectOperation(document: DocumentNode, name: string | null): OperationDefinitionNode | string {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return operations.find((o) => o.name?.value === name) ?? `No operation named "${name}"`;
  if (operations.length !== 1) return 'An operation name is required';
  return operations[0] as OperationDefinitionNode;
}

export class GraphqlEndpoint {
  readonly metrics: EndpointMetrics = { requests: 0, costPointsSpent: 0, throttled: 0, operations: {} };
  private readonly root: Record<string, unknown>;

  constructor(private readonly store: ShopStore, readonly bucket: LeakyBucket) {
    this.root = rootValue(store);
  }

  private cost(requested: number, actual: number | null): Record<string, unknown> {
    return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.bucket.status() } };
  }

  async answer(payload: { query?: unknown; variables?: unknown; operationName?: unknown }): Promise<Answer> {
    this.metrics.requests += 1;
    if (typeof payload.query !== 'string' || payload.query.trim() === '') {
      return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    }
    const schema = adminSchema();
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      const e = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      return { status: 200, body: { errors: [formatError(e, 'parseError')], extensions: this.cost(0, 0) } };
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      return { status: 200, body: { errors: invalid.map((e) => formatError(e, validationCode(e.message))), extensions: this.cost(0, 0) } };
    }
    const operation = selectOperation(document, typeof payload.operationName === 'string' ? payload.operationName : null);
    if (typeof operation === 'string') return { status: 200, body: { errors: [{ message: operation }], extensions: this.cost(0, 0) } };
    const variables = payload.variables && typeof payload.variables === 'object' ? (payload.variables as Record<string, unknown>) : {};
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
    const result = await execute({ schema, document, rootValue: this.root, variableValues: variables, operationName: operation.name?.value });
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
