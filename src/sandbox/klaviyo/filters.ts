/**
 * Klaviyo's filter query parameter: `equals(name,"Welcome")`, several conditions joined by commas or
 * wrapped in and(...). Values are quoted strings, numbers, booleans or bare ISO datetimes.
 */
export interface FilterCondition { operator: string; field: string; value: string }

export function parseFilter(text: string | null): FilterCondition[] {
  if (!text) return [];
  const body = text.startsWith('and(') && text.endsWith(')') ? text.slice(4, -1) : text;
  const out: FilterCondition[] = [];
  const pattern = /([a-z-]+)\(([a-zA-Z_.$-]+),("(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^),]+)\)/g;
  for (const match of body.matchAll(pattern)) {
    const raw = match[3] as string;
    out.push({ operator: match[1] as string, field: match[2] as string, value: raw.startsWith('"') ? JSON.parse(raw) as string : raw });
  }
  if (out.length === 0) throw new Error(`cannot parse filter ${text}`);
  return out;
}

export function matches(condition: FilterCondition, actual: unknown): boolean {
  const value = actual === null || actual === undefined ? '' : String(actual);
  switch (condition.operator) {
    case 'equals': return value === condition.value;
    case 'contains': return value.includes(condition.value);
    case 'starts-with': return value.startsWith(condition.value);
    case 'ends-with': return value.endsWith(condition.value);
    case 'greater-than': return value > condition.value;
    case 'greater-or-equal': return value >= condition.value;
    case 'less-than': return value < condition.value;
    case 'any': return condition.value.replace(/[[\]"]/g, '').split(',').includes(value);
    default: throw new Error(`filter operator ${condition.operator} is not supported here`);
  }
}
