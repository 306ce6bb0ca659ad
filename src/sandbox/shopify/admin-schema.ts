import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, GraphQLError, isScalarType, valueFromASTUntyped, type GraphQLScalarType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { SIMULATED_API_VERSION } from './api-versions';

/**
 * The simulator's schema is Shopify's own: the introspection of the GraphQL Admin API that Shopify ships
 * (spec/, see its README), built once per process with graphql's buildClientSchema. Nothing about names,
 * arguments, nullability or enum values is written here by hand.
 */

interface IntrospectionFile {
  data: IntrospectionQuery;
  /** Shopify's list of the access scopes each type and field needs (any one of offlineScopes grants it). */
  offline_scopes?: { items: { type: 'type' | 'field'; typeName: string; fieldName?: string; requiredAccess: string; offlineScopes: string[] }[] };
}

export interface ScopeRequirement {
  /** Any one of these grants access. */
  anyOf: readonly string[];
  /** Shopify's own wording, quoted in ACCESS_DENIED errors. */
  requiredAccess: string;
}

export interface AdminSchema {
  version: string;
  schema: GraphQLSchema;
  /** By "Type" or "Type.field". */
  scopes: ReadonlyMap<string, ScopeRequirement>;
}

const SPEC_FILE = join(__dirname, 'spec', `admin-graphql-${SIMULATED_API_VERSION}.introspection.json.gz`);

function invalid(message: string): GraphQLError {
  return new GraphQLError(message);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Input coercion of Shopify's custom scalars as their descriptions define them. buildClientSchema leaves a
 * custom scalar accepting anything; Shopify refuses a DateTime that is not ISO 8601, a Decimal that is not a
 * number, a URL that is not one.
 */
const scalarParsers: Record<string, (value: unknown) => unknown> = {
  DateTime: (value) => {
    if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) throw invalid(`${JSON.stringify(value)} is not an ISO 8601 date time`);
    return value;
  },
  Date: (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw invalid(`${JSON.stringify(value)} is not an ISO 8601 date`);
    return value;
  },
  Decimal: (value) => {
    if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && DECIMAL.test(value.trim()))) return value;
    throw invalid(`${JSON.stringify(value)} is not a valid decimal`);
  },
  Money: (value) => {
    if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && DECIMAL.test(value.trim()))) return value;
    throw invalid(`${JSON.stringify(value)} is not a valid monetary value`);
  },
  URL: (value) => {
    if (typeof value !== 'string' || !URL.canParse(value)) throw invalid(`${JSON.stringify(value)} is not a valid URL`);
    return value;
  },
  UnsignedInt64: (value) => {
    if ((typeof value === 'string' && /^\d+$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) return String(value);
    throw invalid(`${JSON.stringify(value)} is not an unsigned 64-bit integer`);
  },
};

function withScalarParsing(schema: GraphQLSchema): void {
  for (const [name, parse] of Object.entries(scalarParsers)) {
    const type = schema.getType(name);
    if (!type || !isScalarType(type)) continue;
    // GraphQLScalarType's members are readonly in the typings only; buildClientSchema offers no other hook.
    const writable = type as { parseValue: GraphQLScalarType['parseValue']; parseLiteral: GraphQLScalarType['parseLiteral'] };
    writable.parseValue = parse;
    writable.parseLiteral = (node, variables) => parse(valueFromASTUntyped(node, variables));
  }
}

let loaded: AdminSchema | null = null;

/** Reads and builds the schema on first use (about 0.4 s), then returns the same one. */
export function adminSchema(): AdminSchema {
  if (loaded) return loaded;
  const file = JSON.parse(gunzipSync(readFileSync(SPEC_FILE)).toString('utf8')) as IntrospectionFile;
  const schema = buildClientSchema(file.data);
  withScalarParsing(schema);
  const scopes = new Map<string, ScopeRequirement>();
  for (const item of file.offline_scopes?.items ?? []) {
    if (item.offlineScopes.length === 0) continue;
    const key = item.type === 'type' ? item.typeName : `${item.typeName}.${item.fieldName ?? ''}`;
    scopes.set(key, { anyOf: item.offlineScopes, requiredAccess: item.requiredAccess });
  }
  loaded = { version: SIMULATED_API_VERSION, schema, scopes };
  return loaded;
}
