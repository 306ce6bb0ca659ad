import { invalidParam } from './errors';
import type { MetaDatum } from './types';

/** A parsed JSON request body or batch item: fields are checked one by one against the documented types. */
export type Body = Record<string, unknown>;

export function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function has(body: Body, key: string): boolean {
  return body[key] !== undefined && body[key] !== null;
}

export function str(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParam(key, `${key} is not of type string.`);
  return value;
}

/** WordPress coerces numeric strings for integer fields ("5" is accepted as 5). */
export function int(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidParam(key, `${key} is not of type integer.`);
  return n;
}

export function bool(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  if (typeof value !== 'boolean') throw invalidParam(key, `${key} is not of type boolean.`);
  return value;
}

export function oneOf<T extends string>(body: Body, key: string, allowed: readonly T[]): T | undefined {
  const value = str(body, key);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalidParam(key, `${key} is not one of ${allowed.join(', ')}.`);
  return value as T;
}

/** A price: WooCommerce takes decimal strings, and an empty string clears the price. */
export function price(body: Body, key: string): string | undefined {
  const value = str(body, key);
  if (value === undefined || value === '') return value;
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw invalidParam(key, `${key} is not a valid decimal.`);
  return value.trim();
}

export function list(body: Body, key: string): Body[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isBody)) throw invalidParam(key, `${key} is not of type array of objects.`);
  return value;
}

export function object(body: Body, key: string): Body | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isBody(value)) throw invalidParam(key, `${key} is not of type object.`);
  return value;
}

/**
 * Applies `meta_data` the way WC_Data::update_meta_data does: an entry with an id replaces that entry, one
 * without replaces the entry with the same key (or is added), and a null value deletes the key.
 */
export function applyMeta(current: MetaDatum[], body: Body, nextId: () => number): MetaDatum[] {
  const entries = list(body, 'meta_data');
  if (!entries) return current;
  const result = [...current];
  for (const entry of entries) {
    const key = str(entry, 'key');
    if (!key) throw invalidParam('meta_data', 'meta_data[].key is required.');
    const id = int(entry, 'id');
    const index = result.findIndex((m) => (id ? m.id === id : m.key === key));
    if (entry.value === null) {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = { id: (result[index] as MetaDatum).id, key, value: entry.value };
    } else {
      result.push({ id: nextId(), key, value: entry.value });
    }
  }
  return result;
}

/** wc_format_decimal with two decimals, as the API returns monetary amounts. */
export function money(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

export function amount(value: string): number {
  return value === '' ? 0 : Number(value);
}

/** sanitize_title: lower-case, accents kept as WordPress would percent-encode them, spaces to hyphens. */
export function sanitizeSlug(value: string): string {
  return value
    // sanitize_title_with_dashes kills entities first: a stored name "Mate &amp; Yerba" slugs as mate-yerba.
    .replace(/&.+?;/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-');
}
