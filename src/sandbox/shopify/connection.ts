import { GraphQLError } from 'graphql';

export interface ConnectionArgs { first?: number | null; after?: string | null; last?: number | null; before?: string | null; reverse?: boolean | null }

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const MAX_PAGE_SIZE = 250;

function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ last_id: key }), 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown };
    if (typeof parsed.last_id === 'string') return parsed.last_id;
  } catch {
    // falls through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_REQUEST' } });
}

/**
 * Relay cursor pagination over an already sorted list. `keyOf` gives each item a stable key (its id), so a
 * cursor stays valid when items before it are added or removed.
 */
export function paginate<T, N>(items: T[], args: ConnectionArgs, keyOf: (item: T) => string, view: (item: T) => N): Connection<N> {
  const { first, last, after, before } = args;
  if (first == null && last == null) throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  if ((first ?? 0) > MAX_PAGE_SIZE || (last ?? 0) > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The requested page size is too large. Maximum: ${MAX_PAGE_SIZE}`, { extensions: { code: 'BAD_REQUEST' } });
  }
  const ordered = args.reverse ? [...items].reverse() : items;
  let start = 0;
  let end = ordered.length;
  if (after) {
    const key = decodeCursor(after);
    const index = ordered.findIndex((item) => keyOf(item) === key);
    start = index >= 0 ? index + 1 : ordered.length;
  }
  if (before) {
    const key = decodeCursor(before);
    const index = ordered.findIndex((item) => keyOf(item) === key);
    end = index >= 0 ? index : end;
  }
  let window = ordered.slice(start, end);
  let hasNextPage = end < ordered.length;
  let hasPreviousPage = start > 0;
  if (first != null) {
    hasNextPage = hasNextPage || window.length > first;
    window = window.slice(0, first);
  }
  if (last != null) {
    hasPreviousPage = hasPreviousPage || window.length > last;
    window = window.slice(Math.max(0, window.length - last));
  }
  const edges = window.map((item) => ({ cursor: encodeCursor(keyOf(item)), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** Sorts by a key and then by id, like Shopify's sort keys. */
export function sortBy<T extends { id: number }>(items: T[], key: (item: T) => string | number): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    return a.id - b.id;
  });
}
