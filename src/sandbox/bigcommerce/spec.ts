import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/**
 * The simulator's validation comes from BigCommerce's own OpenAPI files (`../shared/api-specs/bigcommerce/`
 * beside the repository). BigCommerce's docs repository carries no licence, so the files are not copied in:
 * `npm run derive:bigcommerce-spec` derives from them the facts the simulator checks (each operation's
 * method and path, its parameters' and body's JSON Schema: names, types, lengths, enums, required), with
 * every description and example dropped, into `derived-operations.json`, which the simulator loads. A test
 * derives them again from the files where they are present and requires the same result. Nothing about
 * field names, types, lengths or enums is written here by hand. Where the files are loose, the simulator is
 * stricter: an object schema that does not say `additionalProperties` is closed, and properties the
 * description marks `x-required: [post]` are required on POST.
 */

/** The files this simulator serves, with the API version their paths sit under. */
const SPEC_FILES: readonly { file: string; version: 'v2' | 'v3' }[] = [
  { file: 'products_catalog.v3.yml', version: 'v3' },
  { file: 'product-variants_catalog.v3.yml', version: 'v3' },
  { file: 'category-trees_catalog.v3.yml', version: 'v3' },
  { file: 'categories_catalog.v3.yml', version: 'v3' },
  { file: 'customers.v3.yml', version: 'v3' },
  { file: 'webhooks.v3.yml', version: 'v3' },
  { file: 'orders.v2.oas2.yml', version: 'v2' },
];

export const SPEC_ENV = 'CUTOVER_BIGCOMMERCE_SPECS';

/**
 * `<repo>/../shared/api-specs/bigcommerce`, or where CUTOVER_BIGCOMMERCE_SPECS points. The repository's
 * root is the nearest folder above this file holding package.json, so the path holds from src/ (tsx) and
 * from a build under dist/ alike.
 */
export function specDirectory(): string {
  const configured = process.env[SPEC_ENV];
  if (configured) return configured;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '..', 'shared', 'api-specs', 'bigcommerce');
}

export class SpecMissingError extends Error {
  constructor(dir: string, file: string) {
    super(`BigCommerce's OpenAPI files are not where the simulator reads them: ${join(dir, file)} is missing. ` +
      `They live outside the repository (BigCommerce publishes them without a licence): put BigCommerce's docs ` +
      `repository's reference/*.yml files for catalog products, product variants, category trees, categories, ` +
      `customers v3, webhooks v3 and orders v2 in ${dir}, or point ${SPEC_ENV} at a directory holding them.`);
    this.name = 'SpecMissingError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

export interface ParameterSpec {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  /** Form style without explode: a comma-separated list. */
  commaList: boolean;
  schema: SchemaObject;
}

export interface Operation {
  method: string;
  version: 'v2' | 'v3';
  template: string;
  pattern: RegExp;
  pathNames: string[];
  parameters: ParameterSpec[];
  /** The body's JSON Schema; compiled on first use (most operations are never called). */
  bodySchema: SchemaObject | null;
  bodyRequired: boolean;
}

/** An operation as derived-operations.json holds it (the path's pattern is rebuilt from its template). */
export type DerivedOperation = Omit<Operation, 'pattern'>;

/** Beside this module in src/ and copied beside the compiled one by the build. */
export const DERIVED_FILE = join(__dirname, 'derived-operations.json');

export interface ValidationProblem {
  /** Dotted path of the offending field ("0.variants.1.price"), or the parameter's name. */
  field: string;
  message: string;
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Annotation keywords that are not validation, and OpenAPI's own that JSON Schema does not know. */
const DROPPED = new Set(['description', 'example', 'examples', 'title', 'x-internal', 'x-examples', 'xml', 'externalDocs', 'deprecated', 'discriminator', 'readOnly', 'writeOnly', 'x-nullable']);

class Converter {
  constructor(private readonly doc: SchemaObject) {}

  private lookUp(ref: string): SchemaObject {
    let node: Json = this.doc;
    for (const key of ref.replace(/^#\//, '').split('/')) {
      node = isObject(node) ? (node[key.replace(/~1/g, '/').replace(/~0/g, '~')] ?? null) : null;
    }
    if (!isObject(node)) throw new Error(`unresolvable $ref ${ref}`);
    return node;
  }

  /** OpenAPI 3.0 schema → JSON Schema for ajv: $refs inlined, allOf merged, nullable as a type, objects closed. */
  convert(schema: Json, forPost: boolean, depth = 0): SchemaObject {
    if (!isObject(schema)) return {};
    if (depth > 12) return {};
    if (typeof schema.$ref === 'string') return this.convert(this.lookUp(schema.$ref), forPost, depth + 1);
    const out: SchemaObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (DROPPED.has(key) || key === 'nullable' || key === 'x-required') continue;
      if (key.startsWith('x-')) continue;
      if (key === 'properties' && isObject(value)) {
        out.properties = Object.fromEntries(Object.entries(value).map(([name, prop]) => [name, this.convert(prop, forPost, depth + 1)]));
      } else if ((key === 'items' || key === 'not') && isObject(value)) out[key] = this.convert(value, forPost, depth + 1);
      else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) out[key] = value.map((v) => this.convert(v, forPost, depth + 1));
      else if (key === 'allOf' && Array.isArray(value)) continue;
      else if (key === 'additionalProperties' && isObject(value)) out[key] = this.convert(value, forPost, depth + 1);
      else if (key === 'format' && typeof value === 'string' && !KNOWN_FORMATS.has(value)) continue;
      else out[key] = value;
    }
    // Whatever a POST creates gets its ids from the store: the files mark some of them required in shapes
    // shared with responses (a product's variants require id and product_id), which the description's
    // "Read-Only Fields" contradicts.
    if (forPost && Array.isArray(out.required)) out.required = out.required.filter((r) => r !== 'id' && r !== 'product_id');
    if (forPost && isObject(schema.properties)) {
      const postRequired = Object.entries(schema.properties).filter(([, p]) => isObject(p) && Array.isArray(p['x-required']) && p['x-required'].includes('post')).map(([n]) => n);
      if (postRequired.length) out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), ...postRequired])];
    }
    if (Array.isArray(schema.allOf)) this.mergeInto(out, schema.allOf.map((part) => this.convert(part, forPost, depth + 1)));
    if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
    if (schema.nullable === true && Array.isArray(out.enum)) out.enum = [...out.enum, null];
    const objectLike = out.type === 'object' || isObject(out.properties);
    if (objectLike && out.additionalProperties === undefined && isObject(out.properties) && Object.keys(out.properties).length > 0) out.additionalProperties = false;
    return out;
  }

  /** allOf of object parts becomes one object (so closing it does not refuse the other parts' properties). */
  private mergeInto(out: SchemaObject, parts: SchemaObject[]): void {
    const properties: SchemaObject = isObject(out.properties) ? { ...out.properties } : {};
    const required = new Set<string>(Array.isArray(out.required) ? out.required.map(String) : []);
    const rest: SchemaObject[] = [];
    for (const part of parts) {
      if (isObject(part.properties)) Object.assign(properties, part.properties);
      if (Array.isArray(part.required)) for (const r of part.required) required.add(String(r));
      if (part.type !== undefined) out.type = part.type;
      for (const key of ['anyOf', 'oneOf'] as const) if (part[key]) rest.push({ [key]: part[key] as Json });
    }
    if (Object.keys(properties).length) out.properties = properties;
    if (required.size) out.required = [...required];
    if (rest.length) out.allOf = rest;
  }
}

const KNOWN_FORMATS = new Set(['date-time', 'date', 'email', 'uri', 'uuid']);

function pathPattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names };
}

export class BigCommerceSpec {
  readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  /** From BigCommerce's files in `dir`, or, without one, from the facts derived from them (derived-operations.json). */
  constructor(dir?: string) {
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.ajv);
    if (dir === undefined) {
      const derived = JSON.parse(readFileSync(DERIVED_FILE, 'utf8')) as DerivedOperation[];
      for (const operation of derived) this.operations.push({ ...operation, pattern: pathPattern(operation.template).pattern });
      return;
    }
    for (const { file, version } of SPEC_FILES) {
      const path = join(dir, file);
      if (!existsSync(path)) throw new SpecMissingError(dir, file);
      this.load(parseCached(path), version);
    }
    // Literal segments win over parameters ("/orders/count" before "/orders/{order_id}").
    this.operations.sort((a, b) => a.pathNames.length - b.pathNames.length);
  }

  /** The facts the simulator checks, as derived-operations.json holds them: one operation a line. */
  derived(): string {
    return `[\n${this.operations.map(({ pattern: _pattern, ...rest }) => JSON.stringify(rest)).join(',\n')}\n]\n`;
  }

  private load(doc: SchemaObject, version: 'v2' | 'v3'): void {
    const converter = new Converter(doc);
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'delete'].includes(method) || !isObject(op)) continue;
        const parameters = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])].map((p) => this.parameter(converter, p)).filter((p): p is ParameterSpec => p !== null);
        const requestBody = isObject(op.requestBody) && typeof op.requestBody.$ref === 'string' ? null : op.requestBody;
        const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content['application/json'] : null;
        const bodySchema = isObject(content) ? converter.convert(content.schema ?? {}, method === 'post') : null;
        const { pattern, names } = pathPattern(template);
        this.operations.push({
          method: method.toUpperCase(), version, template, pattern, pathNames: names, parameters,
          bodySchema,
          bodyRequired: isObject(requestBody) && requestBody.required === true,
        });
      }
    }
  }

  private parameter(converter: Converter, raw: Json): ParameterSpec | null {
    const p = isObject(raw) && typeof raw.$ref === 'string' ? converter.convert({ $ref: raw.$ref }, false) : null;
    // Parameters are converted whole (their schema keyword survives as a property of the converted object).
    const param = p ?? (isObject(raw) ? raw : null);
    if (!param || typeof param.name !== 'string') return null;
    const where = param.in;
    if (where !== 'query' && where !== 'path' && where !== 'header') return null;
    return {
      name: param.name, in: where, required: param.required === true,
      commaList: where === 'query' && param.explode === false,
      schema: converter.convert(param.schema ?? {}, false),
    };
  }

  find(version: 'v2' | 'v3', method: string, path: string): { operation: Operation; pathParams: Record<string, string> } | 'no-path' | 'no-method' {
    let pathFound = false;
    for (const operation of this.operations) {
      if (operation.version !== version) continue;
      const match = operation.pattern.exec(path);
      if (!match) continue;
      pathFound = true;
      if (operation.method !== method) continue;
      return { operation, pathParams: Object.fromEntries(operation.pathNames.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')])) };
    }
    return pathFound ? 'no-method' : 'no-path';
  }

  /** Query parameters: unknown names refused, values read by their schema's type and checked against it. */
  checkQuery(operation: Operation, query: URLSearchParams): { values: Record<string, unknown>; problems: ValidationProblem[] } {
    const values: Record<string, unknown> = {};
    const problems: ValidationProblem[] = [];
    const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(query.keys())) {
      const spec = declared.get(name);
      if (!spec) {
        problems.push({ field: name, message: `The query parameter "${name}" is not supported by ${operation.method} ${operation.template}` });
        continue;
      }
      const raw = query.getAll(name);
      const text = raw.length > 1 ? raw.join(',') : (raw[0] ?? '');
      const validate = this.ajv.compile(spec.schema);
      // A sort field may carry its direction ("date_created:desc"), as the parameter's description says.
      const checked = name === 'sort' && /:(asc|desc)$/.test(text) ? text.replace(/:(asc|desc)$/, '') : text;
      if (!validate(readParameter(spec, checked)) && !validate(readParameter(spec, text))) problems.push(...toProblems(validate.errors ?? [], name));
      else values[name] = readParameter(spec, text);
    }
    for (const spec of declared.values()) if (spec.required && !query.has(spec.name)) problems.push({ field: spec.name, message: `The query parameter "${spec.name}" is required` });
    return { values, problems };
  }

  checkBody(operation: Operation, body: unknown): ValidationProblem[] {
    if (!operation.bodySchema) return body === undefined ? [] : [{ field: '', message: `${operation.method} ${operation.template} takes no body` }];
    if (body === undefined) return operation.bodyRequired ? [{ field: '', message: 'The request body is required' }] : [];
    const key = `${operation.method} ${operation.version}${operation.template}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(operation.bodySchema);
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : toProblems(validate.errors ?? [], '');
  }
}

/**
 * The parsed file, cached as JSON under the system's temp directory by the file's size and time (parsing
 * the YAML takes seconds; the cache is derived and lives outside the repository).
 */
function parseCached(path: string): SchemaObject {
  const stat = statSync(path);
  const key = createHash('sha256').update(`${path}|${stat.size}|${stat.mtimeMs}`).digest('hex').slice(0, 24);
  const dir = join(tmpdir(), 'cutover-bigcommerce-spec');
  const cached = join(dir, `${key}.json`);
  if (existsSync(cached)) {
    try {
      return JSON.parse(readFileSync(cached, 'utf8')) as SchemaObject;
    } catch {
      // A half-written cache from a concurrent first run: parse the YAML again.
    }
  }
  const doc = YAML.parse(readFileSync(path, 'utf8')) as SchemaObject;
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(doc));
    renameSync(partial, cached);
  } catch {
    // No cache: the next start parses again.
  }
  return doc;
}

function readParameter(spec: ParameterSpec, raw: string): unknown {
  const schema = spec.schema;
  if (schema.type === 'array') {
    const items = isObject(schema.items) ? schema.items : {};
    return raw.split(',').map((part) => readScalar(items, part));
  }
  return readScalar(schema, raw);
}

function readScalar(schema: SchemaObject, raw: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function toProblems(errors: ErrorObject[], prefix: string): ValidationProblem[] {
  // anyOf/oneOf report every branch; keep the deepest, most specific messages.
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const pointer = error.instancePath.split('/').filter(Boolean).join('.');
    const extra = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty?: string }).additionalProperty) : error.keyword === 'required' ? String((error.params as { missingProperty?: string }).missingProperty) : '';
    const field = [prefix, pointer, extra].filter(Boolean).join('.');
    const message = error.keyword === 'additionalProperties' ? `"${extra}" is not a field of this object` : error.keyword === 'required' ? `"${extra}" is required` : error.message ?? error.keyword;
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field, message });
  }
  return problems.length ? problems : [{ field: prefix, message: 'is not valid' }];
}

let shared: BigCommerceSpec | null = null;

/** One compiled spec per process: compiling the files takes a moment and they do not change. */
export function loadSpec(): BigCommerceSpec {
  shared ??= new BigCommerceSpec();
  return shared;
}
