import { entitySchemas, type EntityOf, type EntityType } from '../../../domain/catalog/entities';
import type { Page, PlannedWrite, RejectedRecord, WriteContext, WriteItem, WriteResult } from '../types';
import type { ShopifyGraphqlClient } from './graphql-client';
import type { PageInfo } from './common';
import { describeIssues } from '../../../domain/validation';

export interface HandlerDeps {
  client: ShopifyGraphqlClient;
  /** The shop's first location, where imported stock and fulfilments live. */
  locationId(): Promise<string>;
}

export interface ListQuery { query: string | null; cursor: string | null; pageSize: number; sortKey: 'ID' | 'UPDATED_AT' }

/** One entity type's mapping onto Shopify's resources. */
export interface EntityHandler<T extends EntityType> {
  /** Largest page whose requested cost stays under Shopify's 1000-point single-query limit. */
  maxPageSize: number;
  count(deps: HandlerDeps): Promise<number>;
  list(deps: HandlerDeps, q: ListQuery): Promise<Page<EntityOf[T]>>;
  get(deps: HandlerDeps, id: string): Promise<EntityOf[T] | null>;
  upsert(deps: HandlerDeps, item: WriteItem<T>, context: WriteContext): Promise<WriteResult>;
  /** The mutations upsert would send for this item, built by the same functions, without sending them (lookups are reads). */
  plan(deps: HandlerDeps, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite>;
  findExisting(deps: HandlerDeps, entity: EntityOf[T]): Promise<{ targetId: string; childIds?: Record<string, string> } | null>;
  /** Null when deleted, else why not. */
  remove(deps: HandlerDeps, id: string): Promise<string | null>;
}

/**
 * Maps a page of Shopify nodes, checking each against the canonical schema; a node that fails is rejected, not
 * dropped, and so is each node that could not be read whole (`incomplete`, nested.ts).
 */
export function toPage<T extends EntityType, N extends { id: string }>(
  type: T,
  connection: { nodes: N[]; pageInfo: PageInfo },
  map: (node: N) => unknown,
  incomplete: { id: string; reason: string }[] = [],
): Page<EntityOf[T]> {
  const items: EntityOf[T][] = [];
  const rejected: RejectedRecord[] = incomplete.map((r) => ({ entityType: type, sourceId: r.id, reason: r.reason }));
  for (const node of connection.nodes) {
    const parsed = checkEntity(type, node.id, () => map(node));
    if ('reason' in parsed) rejected.push(parsed);
    else items.push(parsed.entity);
  }
  return { items, rejected, nextCursor: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null };
}

export function checkEntity<T extends EntityType>(type: T, id: string, map: () => unknown): RejectedRecord | { entity: EntityOf[T] } {
  try {
    const result = entitySchemas[type].safeParse(map());
    if (result.success) return { entity: result.data as EntityOf[T] };
    return { entityType: type, sourceId: id, reason: describeIssues(result.error).join('; ') };
  } catch (error) {
    return { entityType: type, sourceId: id, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function listVariables(q: ListQuery, maxPageSize: number): Record<string, unknown> {
  return { first: Math.max(1, Math.min(q.pageSize, maxPageSize)), after: q.cursor, query: q.query, sortKey: q.sortKey };
}
