import type { Category } from '../../../domain/catalog/entities';
import type { PlannedWrite, WriteContext, WriteResult } from '../types';
import { searchValue, type PageInfo } from './common';
import { checkEntity, listVariables, toPage, type EntityHandler } from './handler';
import { userErrorMessage, type UserError } from './graphql-client';

/**
 * Categories are Shopify collections. Shopify's collections are flat, so the tree (parent and position) is
 * kept in two metafields of our own namespace and read back from them.
 */
const NAMESPACE = 'cutover';
const FIELDS = `id title handle descriptionHtml updatedAt
  parent: metafield(namespace: "${NAMESPACE}", key: "parent_collection") { value }
  position: metafield(namespace: "${NAMESPACE}", key: "position") { value }`;

interface ShopifyCollection {
  id: string; title: string; handle: string; descriptionHtml: string; updatedAt: string;
  parent: { value: string } | null; position: { value: string } | null;
}

const LIST = `query CutoverCollections($first: Int!, $after: String, $query: String, $sortKey: CollectionSortKeys) {
  collections(first: $first, after: $after, query: $query, sortKey: $sortKey) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } }
}`;
const GET = `query CutoverCollection($id: ID!) { collection(id: $id) { ${FIELDS} } }`;
const COUNT = `query CutoverCollectionsCount { collectionsCount(limit: null) { count } }`;
const FIND = `query CutoverCollectionByHandle($query: String!) { collections(first: 1, query: $query) { nodes { id handle } } }`;
// `collection` (CollectionCreateInput / CollectionUpdateInput) replaces the deprecated `input: CollectionInput`.
const CREATE = `mutation CutoverCollectionCreate($collection: CollectionCreateInput!) {
  collectionCreate(collection: $collection) { collection { id } userErrors { field message } }
}`;
const UPDATE = `mutation CutoverCollectionUpdate($collection: CollectionUpdateInput!) {
  collectionUpdate(collection: $collection) { collection { id } userErrors { field message } }
}`;
const DELETE = `mutation CutoverCollectionDelete($input: CollectionDeleteInput!) {
  collectionDelete(input: $input) { deletedCollectionId userErrors { field message } }
}`;

function fromShopify(c: ShopifyCollection): Category {
  return {
    sourceId: c.id, name: c.title, handle: c.handle, descriptionHtml: c.descriptionHtml,
    parentSourceId: c.parent?.value || null, position: Number(c.position?.value ?? 0) || 0,
  };
}

/** The collection as written: parent and position live in metafields (Shopify collections have neither). */
function collectionInput(entity: Category, context: WriteContext): Record<string, unknown> {
  const parentId = entity.parentSourceId ? context.references.categories[entity.parentSourceId] : undefined;
  const metafields = [
    { namespace: NAMESPACE, key: 'position', type: 'number_integer', value: String(entity.position) },
    ...(parentId ? [{ namespace: NAMESPACE, key: 'parent_collection', type: 'single_line_text_field', value: parentId }] : []),
  ];
  return { title: entity.name, handle: entity.handle, descriptionHtml: entity.descriptionHtml, metafields };
}

type Payload = { collection: { id: string } | null; userErrors: UserError[] };

export const collectionsHandler: EntityHandler<'categories'> = {
  // ~3 points a collection.
  maxPageSize: 250,

  async count({ client }) {
    const data = await client.request<{ collectionsCount: { count: number } }>(COUNT);
    return data.collectionsCount.count;
  },

  async list({ client }, q) {
    const data = await client.request<{ collections: { nodes: ShopifyCollection[]; pageInfo: PageInfo } }>(LIST, listVariables(q, this.maxPageSize));
    return toPage('categories', data.collections, fromShopify);
  },

  async get({ client }, id) {
    const data = await client.request<{ collection: ShopifyCollection | null }>(GET, { id });
    if (!data.collection) return null;
    const checked = checkEntity('categories', id, () => fromShopify(data.collection as ShopifyCollection));
    return 'entity' in checked ? checked.entity : null;
  },

  async findExisting({ client }, category) {
    const data = await client.request<{ collections: { nodes: { id: string; handle: string }[] } }>(FIND, { query: `handle:${searchValue(category.handle)}` });
    const found = data.collections.nodes.find((n) => n.handle === category.handle);
    return found ? { targetId: found.id } : null;
  },

  async plan(deps, { entity, targetId, knownAbsent }, context): Promise<PlannedWrite> {
    const existing = targetId ?? (knownAbsent ? null : (await this.findExisting(deps, entity))?.targetId ?? null);
    const input = collectionInput(entity, context);
    return { ok: true, calls: [existing ? { call: 'collectionUpdate', body: { collection: { ...input, id: existing } } } : { call: 'collectionCreate', body: { collection: input } }] };
  },

  async upsert(deps, { entity, targetId, knownAbsent }, context): Promise<WriteResult> {
    // A parent not written yet (it may be in this very batch) would be dropped: wait for it instead.
    if (entity.parentSourceId && !context.references.categories[entity.parentSourceId]) {
      return { sourceId: entity.sourceId, ok: false, error: `parent collection ${entity.parentSourceId} is not written yet`, retryable: true };
    }
    const existing = targetId ?? (knownAbsent ? null : (await this.findExisting(deps, entity))?.targetId ?? null);
    const input = collectionInput(entity, context);
    const payload = existing
      ? (await deps.client.request<{ collectionUpdate: Payload }>(UPDATE, { collection: { ...input, id: existing } })).collectionUpdate
      : (await deps.client.request<{ collectionCreate: Payload }>(CREATE, { collection: input })).collectionCreate;
    const problem = userErrorMessage(payload.userErrors);
    if (problem || !payload.collection) return { sourceId: entity.sourceId, ok: false, error: problem ?? 'no collection returned', retryable: false };
    return { sourceId: entity.sourceId, ok: true, targetId: payload.collection.id, created: existing === null };
  },

  async remove({ client }, id) {
    const data = await client.request<{ collectionDelete: { deletedCollectionId: string | null; userErrors: UserError[] } }>(DELETE, { input: { id } });
    return userErrorMessage(data.collectionDelete.userErrors) ?? (data.collectionDelete.deletedCollectionId ? null : 'not deleted');
  },
};
