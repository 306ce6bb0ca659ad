import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Request bodies are checked against Klaviyo's published OpenAPI document (spec/klaviyo_stable.json, MIT,
 * copied into the repository so a clean clone validates the same way). A small validator covering what the
 * spec uses for request bodies: $ref, type, nullable, enum, required, properties, items, oneOf/anyOf/allOf.
 * oneOf is read as "at least one branch matches": the spec's filter unions overlap (numeric equals and
 * numeric range share fields), so an exact-one rule would reject bodies Klaviyo accepts.
 */
type Schema = {
  $ref?: string; type?: string; nullable?: boolean; enum?: unknown[]; required?: string[];
  properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[];
};
interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
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
  if (schema.type === 'array' && schema.items && Array.isArray(value)) value.forEach((item, i) => check(schema.items as Schema, item, `${pointer}/${i}`, out));
  if ((schema.properties || schema.required) && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const field of schema.required ?? []) if (record[field] === undefined) out.push({ pointer: `${pointer}/${field}`, detail: 'is required' });
    for (const [field, sub] of Object.entries(schema.properties ?? {})) {
      if (record[field] !== undefined) check(sub, record[field], `${pointer}/${field}`, out);
    }
  }
}

/** Problems of a request body for `method specPath` (the spec's path template, e.g. /api/flows/{id}). */
export function validateRequestBody(method: string, specPath: string, body: unknown): SpecProblem[] {
  const operation = spec().paths[specPath]?.[method.toLowerCase()];
  const schema = operation?.requestBody?.content?.['application/vnd.api+json']?.schema
    ?? operation?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`spec: no request body for ${method} ${specPath}`);
  const out: SpecProblem[] = [];
  check(schema, body, '', out);
  return out;
}
