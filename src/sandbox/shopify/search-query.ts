/**
 * Shopify's search syntax as the list queries take it (`query: "updated_at:>='2024-01-01T00:00:00Z' email:a@b.c"`):
 * space-separated terms are ANDed, `-` negates, comparators are `:`, `:>`, `:>=`, `:<`, `:<=`, a trailing `*` is a
 * prefix match, and a term without a field searches the resource's default text.
 */
export type FieldValue = string | number | null | string[];
export type Fields<R> = Record<string, (record: R) => FieldValue>;

interface Term { field: string | null; op: '=' | '>' | '>=' | '<' | '<='; value: string; negated: boolean }

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const char of query) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens.filter((t) => t !== 'AND');
}

function parseTerm(token: string): Term {
  const negated = token.startsWith('-') || token.startsWith('NOT ');
  const body = negated ? token.replace(/^-/, '') : token;
  const match = /^([a-z_]+):(>=|<=|>|<)?(.*)$/.exec(body);
  if (!match) return { field: null, op: '=', value: body, negated };
  return { field: match[1] ?? null, op: (match[2] as Term['op'] | undefined) ?? '=', value: match[3] ?? '', negated };
}

function compare(actual: string | number, op: Term['op'], wanted: string): boolean {
  if (op === '=') {
    const a = String(actual).toLowerCase();
    const w = wanted.toLowerCase();
    return w.endsWith('*') ? a.startsWith(w.slice(0, -1)) : a === w;
  }
  const asDate = (v: string | number): number => (typeof v === 'number' ? v : Date.parse(v));
  const left = typeof actual === 'number' ? actual : asDate(actual);
  const right = typeof actual === 'number' ? Number(wanted) : asDate(wanted);
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  switch (op) {
    case '>': return left > right;
    case '>=': return left >= right;
    case '<': return left < right;
    default: return left <= right;
  }
}

function matchesTerm<R>(record: R, term: Term, fields: Fields<R>, defaultText: (record: R) => string): boolean {
  if (term.field === null) return defaultText(record).toLowerCase().includes(term.value.toLowerCase());
  const accessor = fields[term.field];
  // Shopify ignores filters it doesn't know rather than failing the query (with a search warning).
  if (!accessor) return true;
  const value = accessor(record);
  if (value === null) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => compare(v, term.op, term.value));
}

export function searchFilter<R>(query: string | null | undefined, fields: Fields<R>, defaultText: (record: R) => string): (record: R) => boolean {
  if (!query || !query.trim()) return () => true;
  const terms = tokenize(query).map(parseTerm);
  return (record) => terms.every((term) => matchesTerm(record, term, fields, defaultText) !== term.negated);
}
