import { GraphQLError } from 'graphql';
import { gid, parseGid } from './ids';
import { handleize, uniqueHandle, userError, type UserError } from './input-helpers';
import type { CollectionRecord, MetafieldRecord } from './records';
import type { ShopStore } from './store';
import { collectionView } from './views';

interface CollectionInput {
  id?: string | null; title?: string | null; handle?: string | null; descriptionHtml?: string | null;
  seo?: { title?: string | null; description?: string | null } | null; products?: string[] | null;
  metafields?: { namespace?: string | null; key?: string | null; value?: string | null; type?: string | null }[] | null;
}

type Payload = { collection: object | null; userErrors: UserError[] };

/**
 * collectionCreate and collectionUpdate take `collection` (CollectionCreateInput / CollectionUpdateInput) or
 * the deprecated `input` (CollectionInput): one of the two. Membership by `sources` is not simulated.
 */
function oneInput(args: { input?: CollectionInput | null; collection?: (CollectionInput & { sources?: unknown; sourcesToCreate?: unknown; sourcesToUpdate?: unknown; sourcesToDelete?: unknown }) | null }): CollectionInput | UserError {
  if (args.input && args.collection) return userError(['collection'], 'Provide collection or the deprecated input, not both');
  const given = args.collection ?? args.input;
  if (!given) return userError(['collection'], 'collection is required');
  const sourced = args.collection && (args.collection.sources ?? args.collection.sourcesToCreate ?? args.collection.sourcesToUpdate ?? args.collection.sourcesToDelete);
  if (sourced) throw new GraphQLError('Collection sources are not simulated', { extensions: { code: 'NOT_SIMULATED' } });
  return given;
}

function applyMetafields(store: ShopStore, collection: CollectionRecord, input: CollectionInput, errors: UserError[]): void {
  (input.metafields ?? []).forEach((m, i) => {
    if (!m.key || m.value == null) {
      errors.push(userError(['metafields', String(i)], 'Key and value are required'));
      return;
    }
    const namespace = m.namespace ?? '$app';
    const existing = collection.metafields.find((x) => x.namespace === namespace && x.key === m.key);
    if (!existing && !m.type) {
      errors.push(userError(['metafields', String(i), 'type'], "Type can't be blank"));
      return;
    }
    if (existing) {
      existing.value = m.value;
      if (m.type) existing.type = m.type;
    } else {
      const record: MetafieldRecord = { id: store.newId(), namespace, key: m.key, type: m.type ?? 'single_line_text_field', value: m.value };
      collection.metafields.push(record);
    }
  });
}

export function collectionCreate(store: ShopStore, args: { input?: CollectionInput | null; collection?: CollectionInput | null }): Payload {
  const input = oneInput(args);
  if ('message' in input) return { collection: null, userErrors: [input] };
  if (input.id) return { collection: null, userErrors: [userError(['id'], 'Cannot specify an id when creating a collection')] };
  if (!input.title || !input.title.trim()) return { collection: null, userErrors: [userError(['title'], "Title can't be blank")] };
  const errors: UserError[] = [];
  const productIds = (input.products ?? []).map((p) => parseGid(p, 'Product')).filter((id): id is number => id !== null && store.products.has(id));
  const now = store.now();
  const taken = (h: string): boolean => [...store.collections.values()].some((c) => c.handle === h);
  // Shopify gives a new collection a free handle rather than failing: "sale" becomes "sale-1".
  const handle = uniqueHandle(input.handle ?? handleize(input.title), taken);
  const collection: CollectionRecord = {
    id: store.newId(), title: input.title, handle, descriptionHtml: input.descriptionHtml ?? '', productIds, metafields: [],
    seo: { title: input.seo?.title ?? null, description: input.seo?.description ?? null }, createdAt: now, updatedAt: now,
  };
  applyMetafields(store, collection, input, errors);
  if (errors.length > 0) return { collection: null, userErrors: errors };
  store.collections.set(collection.id, collection);
  return { collection: collectionView(store, collection), userErrors: [] };
}

export function collectionUpdate(store: ShopStore, args: { input?: CollectionInput | null; collection?: CollectionInput | null }): Payload {
  const input = oneInput(args);
  if ('message' in input) return { collection: null, userErrors: [input] };
  const collection = store.collections.get(parseGid(input.id, 'Collection') ?? -1);
  if (!collection) return { collection: null, userErrors: [userError(['id'], 'Collection does not exist')] };
  if (input.products) return { collection: null, userErrors: [userError(['products'], 'Products can only be set when creating a collection; use collectionAddProducts')] };
  if (input.title !== undefined && (!input.title || !input.title.trim())) return { collection: null, userErrors: [userError(['title'], "Title can't be blank")] };
  if (input.handle && [...store.collections.values()].some((c) => c.handle === input.handle && c.id !== collection.id)) {
    return { collection: null, userErrors: [userError(['handle'], 'Handle has already been taken')] };
  }
  const errors: UserError[] = [];
  applyMetafields(store, collection, input, errors);
  if (errors.length > 0) return { collection: null, userErrors: errors };
  if (input.title) collection.title = input.title;
  if (input.handle) collection.handle = input.handle;
  if (input.descriptionHtml !== undefined) collection.descriptionHtml = input.descriptionHtml ?? '';
  if (input.seo) collection.seo = { title: input.seo.title ?? null, description: input.seo.description ?? null };
  collection.updatedAt = store.now();
  return { collection: collectionView(store, collection), userErrors: [] };
}

export function collectionDelete(store: ShopStore, { input }: { input: { id: string } }): { deletedCollectionId: string | null; userErrors: UserError[] } {
  const id = parseGid(input.id, 'Collection');
  if (id === null || !store.collections.delete(id)) return { deletedCollectionId: null, userErrors: [userError(['id'], 'Collection does not exist')] };
  return { deletedCollectionId: gid('Collection', id), userErrors: [] };
}
