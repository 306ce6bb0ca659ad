/**
 * Request-body checks as strict as Tiendanube's documentation, answering as its API does: 422 with the
 * offending attributes and their messages, `{"name": ["can't be blank"]}` (resources/product.md). The real
 * API ignores attributes it does not know (its own example posts "invalid_name" and is told only that name
 * is blank); the simulator refuses them instead, so that a misspelt field in an adapter fails here rather
 * than vanishing silently on the real store.
 */
export type FieldErrors = Record<string, string[]>;

export class UnprocessableEntity extends Error {
  constructor(readonly errors: FieldErrors) {
    super(Object.entries(errors).map(([k, v]) => `${k} ${v.join(', ')}`).join('; '));
  }
}

export type Rule =
  | { kind: 'string'; max?: number; nullable?: boolean; required?: boolean; pattern?: RegExp }
  | { kind: 'email'; nullable?: boolean; required?: boolean }
  | { kind: 'url'; https?: boolean; nullable?: boolean; required?: boolean }
  | { kind: 'int'; min?: number; nullable?: boolean; required?: boolean; numericString?: boolean }
  | { kind: 'decimal'; nullable?: boolean; required?: boolean; positive?: boolean }
  | { kind: 'bool'; nullable?: boolean; required?: boolean }
  | { kind: 'enum'; values: readonly string[]; nullable?: boolean; required?: boolean }
  /** A text in each of the store's languages: `{"es": "...", "pt": "..."}`. */
  | { kind: 'i18n'; required?: boolean; max?: number }
  | { kind: 'object'; shape: Shape; nullable?: boolean; required?: boolean }
  /** Free JSON object of string values (extra). */
  | { kind: 'map'; nullable?: boolean }
  | { kind: 'array'; of: Rule; max?: number; required?: boolean }
  /** Read-only attributes the documentation's own PUT examples send back: accepted and ignored. */
  | { kind: 'readonly' };

export type Shape = Record<string, Rule>;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function add(errors: FieldErrors, path: string, message: string): void {
  (errors[path] ??= []).push(message);
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function checkValue(value: unknown, rule: Rule, path: string, errors: FieldErrors, languages: readonly string[]): void {
  if (rule.kind === 'readonly') return;
  if (value === null && 'nullable' in rule && rule.nullable) return;
  if (value === undefined) return;
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return add(errors, path, 'must be a string');
      if (rule.max !== undefined && value.length > rule.max) add(errors, path, `is too long (maximum is ${rule.max} characters)`);
      if (rule.pattern && !rule.pattern.test(value)) add(errors, path, 'is invalid');
      return;
    case 'email':
      if (typeof value !== 'string' || !EMAIL.test(value)) add(errors, path, 'is invalid');
      return;
    case 'url': {
      if (typeof value !== 'string') return add(errors, path, 'must be a string');
      let parsed: URL | null = null;
      try { parsed = new URL(value); } catch { parsed = null; }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || (rule.https && parsed.protocol !== 'https:')) add(errors, path, 'is invalid');
      return;
    }
    case 'int': {
      const n = rule.numericString && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return add(errors, path, 'must be an integer');
      if (rule.min !== undefined && n < rule.min) add(errors, path, `must be greater than or equal to ${rule.min}`);
      return;
    }
    case 'decimal':
      if (!((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && DECIMAL.test(value)))) return add(errors, path, 'is not a number');
      if (rule.positive && Number(value) < 0) add(errors, path, 'must be greater than or equal to 0');
      return;
    case 'bool':
      if (typeof value !== 'boolean') add(errors, path, 'must be true or false');
      return;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) add(errors, path, 'is not included in the list');
      return;
    case 'i18n': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return add(errors, path, 'must be an object with a text per language');
      for (const [lang, text] of Object.entries(value)) {
        if (!languages.includes(lang)) add(errors, `${path}.${lang}`, `is not a language of the store (${languages.join(', ')})`);
        else if (typeof text !== 'string') add(errors, `${path}.${lang}`, 'must be a string');
        else if (rule.max !== undefined && text.length > rule.max) add(errors, `${path}.${lang}`, `is too long (maximum is ${rule.max} characters)`);
      }
      return;
    }
    case 'map':
      if (!value || typeof value !== 'object' || Array.isArray(value)) add(errors, path, 'must be an object');
      return;
    case 'object':
      if (!value || typeof value !== 'object' || Array.isArray(value)) return add(errors, path, 'must be an object');
      checkShape(value as Record<string, unknown>, rule.shape, `${path}.`, errors, languages);
      return;
    case 'array':
      if (!Array.isArray(value)) return add(errors, path, 'must be an array');
      if (rule.max !== undefined && value.length > rule.max) add(errors, path, `is too long (maximum is ${rule.max} items)`);
      value.forEach((item, i) => checkValue(item, rule.of, `${path}[${i}]`, errors, languages));
      return;
  }
}

function checkShape(body: Record<string, unknown>, shape: Shape, prefix: string, errors: FieldErrors, languages: readonly string[]): void {
  for (const key of Object.keys(body)) if (!(key in shape)) add(errors, `${prefix}${key}`, 'is not a valid attribute');
  for (const [key, rule] of Object.entries(shape)) {
    const value = body[key];
    if ('required' in rule && rule.required) {
      const empty = rule.kind === 'i18n' ? !value || typeof value !== 'object' || Object.values(value).every(blank) : rule.kind === 'array' ? !Array.isArray(value) || value.length === 0 : blank(value);
      if (empty) { add(errors, `${prefix}${key}`, "can't be blank"); continue; }
    }
    checkValue(value, rule, `${prefix}${key}`, errors, languages);
  }
}

/** Throws UnprocessableEntity (422) naming every attribute that breaks the shape. */
export function validateBody(body: Record<string, unknown>, shape: Shape, languages: readonly string[]): void {
  const errors: FieldErrors = {};
  checkShape(body, shape, '', errors, languages);
  if (Object.keys(errors).length) throw new UnprocessableEntity(errors);
}

/** The same shape with nothing required: what a PUT may send. */
export function optional(shape: Shape): Shape {
  return Object.fromEntries(Object.entries(shape).map(([k, r]) => [k, 'required' in r ? { ...r, required: false } : r])) as Shape;
}
