import { invalidParam } from './errors';

/**
 * Reads a date filter (`modified_after`, `after`...) the way WordPress does: an offset in the value wins,
 * otherwise it is site time, or GMT with `dates_are_gmt=true`. The simulated site runs on UTC, so both agree.
 */
export function dateParam(params: URLSearchParams, key: string): number | null {
  const value = params.get(key);
  if (value === null || value === '') return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const parsed = Date.parse(hasZone ? value : `${value}Z`);
  if (Number.isNaN(parsed)) throw invalidParam(key, `Invalid date.`);
  return parsed;
}

export function gmtMillis(gmt: string): number {
  return Date.parse(`${gmt}Z`);
}

/** The date filters WooCommerce's posts-based collections share: strictly after, strictly before. */
export function matchesDates(params: URLSearchParams, created: string, modified: string): boolean {
  const checks: [string, string, 'after' | 'before'][] = [
    ['after', created, 'after'], ['before', created, 'before'], ['modified_after', modified, 'after'], ['modified_before', modified, 'before'],
  ];
  for (const [key, value, direction] of checks) {
    const bound = dateParam(params, key);
    if (bound === null) continue;
    const at = gmtMillis(value);
    if (direction === 'after' ? at <= bound : at >= bound) return false;
  }
  return true;
}

export function idList(params: URLSearchParams, key: string): number[] | null {
  const values = [...params.getAll(key), ...params.getAll(`${key}[]`)];
  for (const [k, v] of params) if (k.startsWith(`${key}[`) && k !== `${key}[]`) values.push(v);
  if (values.length === 0) return null;
  return values.flatMap((v) => v.split(',')).filter((v) => v.trim() !== '').map((v) => Number(v));
}
