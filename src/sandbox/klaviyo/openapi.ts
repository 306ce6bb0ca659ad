import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Request bodies are checked against Klaviyo's published OpenAPI document (spec/klaviyo_stable.json, MIT,
 * copied into the repository so a clean clone validates the same way). A small validator covering what the
 * spec uses for request bodies: $ref, type, nullable, enum, required, properties, items, oneOf/anyOf/allOf,
 * maxProperties, and readOnly (a read-only property is refused in a request: OpenAPI says it "SHOULD NOT be
 * sent", and when unsure the simulator is the stricter side). oneOf is read as "at least one branch
 * matches": the spec's filter unions overlap (numeric equals and numeric range share fields), so an
 * exact-one rule would reject bodies Klaviyo accepts. Query parameters are checked against each operation's
 * declared parameters (unknown ones refused; integers within minimum/maximum, e.g. `page[size]`; enums).
 * Rules the spec states only in prose (template `editor_type`) live beside the routes that need them.
 */
type Schema = {
  $ref?: string; type?: string; nullable?: boolean; enum?: unknown[]; required?: string[]; readOnly?: boolean; maxProperties?: number;
  properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[];
  minimum?: number; maximum?: number; default?: unknown;
};
interface Parameter { name: string; in: string; required?: boolean; schema?: Schema }
interface Operation { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let loaded: Spec | null = null;
function spec(): Spec {
  loaded ??= JSON.parse(readFileSync(join(__dirname, 'spec', 'klaviyo_stable.json'), 'utf8')) as Spec;
  return loaded;
}

export interface SpecProblem { pointer: string; detail: string }

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const name = current.$ref.split('/').pop() ?? '';
    const next = spec().components.schemas[name];
    if (!next) throw new Error(`spec: unknown schema ${current.$ref}`);
    current = { ...next, nullable: current.nullable ?? next.nullable };
  }
  return current;
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

function check(raw: Schema, value: unknown, pointer: string, out: SpecProblem[]): void {
  const schema = resolve(raw);
  if (value === null) {
    if (!schema.nullable) out.push({ pointer, detail: 'may not be null' });
    return;
  }
  if (schema.allOf) for (const part of schema.allOf) check(part, value, pointer, out);
  const union = schema.oneOf ?? schema.anyOf;
  if (union) {
    const attempts = union.map((branch) => { const problems: SpecProblem[] = []; check(branch, value, pointer, problems); return { branch, problems }; });
    if (!attempts.some((a) => a.problems.length === 0)) {
      // Report the branch the body meant (its `type` matches), else the closest: what is wrong, not merely "no match".
      const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).type : undefined;
      const meant = attempts.filter((a) => resolve(a.branch).properties?.type && (resolve(resolve(a.branch).properties?.type as Schema).enum ?? []).includes(kind));
      const pool = meant.length ? meant : attempts;
      out.push(...pool.reduce((a, b) => (b.problems.length < a.problems.length ? b : a)).problems);
    }
    return;
  }
  if (schema.type && !typeOk(schema.type, value)) {
    out.push({ pointer, detail: `expected ${schema.type}` });
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) out.push({ pointer, detail: `must be one of ${schema.enum.map(String).join(', ')}` });
  if (schema.maxProperties !== undefined && typeOk('object', value) && Object.keys(value as object).length > schema.maxProperties) {
    out.push({ pointer, detail: `may have at most ${schema.maxProperties} properties` });
  }
  if (schema.type === 'array' && schema.items && Array.isArray(value)) value.forEach((item, i) => check(schema.items as Schema, item, `${pointer}/${i}`, out));
  if ((schema.properties || schema.required) && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const field of schema.required ?? []) if (record[field] === undefined) out.push({ pointer: `${pointer}/${field}`, detail: 'is required' });
    for (const [field, sub] of Object.entries(schema.properties ?? {})) {
      if (record[field] === undefined) continue;
      if (sub.readOnly) out.push({ pointer: `${pointer}/${field}`, detail: 'is read-only and may not be sent in a request' });
      else check(sub, record[field], `${pointer}/${field}`, out);
    }
  }
}

/** Problems of a request body for `method specPath` (the spec's path template, e.g. /api/flows/{id}). */
export function validateRequestBody(method: string, specPath: string, body: unknown): SpecProblem[] {
  const operation = operationOf(method, specPath);
  const schema = operation?.requestBody?.content?.['application/vnd.api+json']?.schema
    ?? operation?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`spec: no request body for ${method} ${specPath}`);
  const out: SpecProblem[] = [];
  check(schema, body, '', out);
  return out;
}

function operationOf(method: string, specPath: string): Operation | undefined {
  return spec().paths[specPath]?.[method.toLowerCase()];
}

export interface QueryProblem { parameter: string; detail: string }

/**
 * Problems of a request's query string for `method specPath`: a parameter the operation does not declare,
 * an integer outside its minimum/maximum (`page[size]` of GET /api/templates is 1..10), a value outside
 * an enum (each comma-separated item of an array parameter such as `additional-fields[template]`).
 */
export function validateQuery(method: string, specPath: string, query: URLSearchParams): QueryProblem[] {
  const operation = operationOf(method, specPath);
  if (!operation) throw new Error(`spec: no operation ${method} ${specPath}`);
  const declared = new Map((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const out: QueryProblem[] = [];
  for (const [name, value] of query) {
    const parameter = declared.get(name);
    if (!parameter) { out.push({ parameter: name, detail: `'${name}' is not a valid query parameter for ${method} ${specPath}.` }); continue; }
    const schema = resolve(parameter.schema ?? {});
    if (schema.type === 'integer') {
      const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
      const min = schema.minimum ?? -Infinity;
      const max = schema.maximum ?? Infinity;
      if (!Number.isInteger(n) || n < min || n > max) out.push({ parameter: name, detail: `${name} must be an integer between ${min} and ${max}; got '${value}'.` });
    } else if (schema.type === 'array') {
      const allowed = resolve(schema.items ?? {}).enum;
      const bad = allowed ? value.split(',').filter((item) => !allowed.includes(item)) : [];
      if (bad.length) out.push({ parameter: name, detail: `'${bad.join(',')}' is not a valid value for ${name}; valid: ${allowed?.join(', ') ?? ''}.` });
    } else if (schema.enum && !schema.enum.includes(value)) {
      out.push({ parameter: name, detail: `'${value}' is not a valid value for ${name}; valid: ${schema.enum.join(', ')}.` });
    }
  }
  return out;
}

/** The page size a list call asked for, or the operation's documented default (e.g. 10 for templates). */
export function pageSizeOf(method: string, specPath: string, query: URLSearchParams): number {
  const parameter = operationOf(method, specPath)?.parameters?.find((p) => p.name === 'page[size]');
  const fallback = parameter?.schema?.default;
  if (typeof fallback !== 'number') throw new Error(`spec: ${method} ${specPath} has no page[size] default`);
  const asked = query.get('page[size]');
  return asked === null ? fallback : Number(asked);
}
