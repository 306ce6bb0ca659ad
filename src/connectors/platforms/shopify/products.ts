import type { Product, Variant } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { PlannedWrite, WriteContext, WriteResult } from '../types';
import { searchValue, toMoney, type PageInfo } from './common';
import { checkEntity, listVariables, toPage, type EntityHandler, type HandlerDeps } from './handler';
import { userErrorMessage, type ShopifyGraphqlClient, type UserError } from './graphql-client';
import { completeAll, connection, followUp, IncompleteRecord, readToEnd, type NestedPage } from './nested';

/** A product without options has Shopify's single "Title" option with its one "Default Title" variant. */
const DEFAULT_OPTION = { name: 'Title', value: 'Default Title' };
/** Variants read with the product in lists; a product with more gets the rest read on its own. */
const LIST_VARIANTS = 25;

const VARIANT_FIELDS = `id sku price compareAtPrice position inventoryPolicy inventoryQuantity selectedOptions { name value }
  inventoryItem { tracked measurement { weight { value unit } } }`;
const MEDIA_FIELDS = 'alt preview { image { url } }';
// Products have up to 2,048 variants and any number of images and collections: what does not come with the
// product is read by follow-up pages (nested.ts).
const fields = (variants: number): string => `id title handle descriptionHtml vendor productType tags status createdAt updatedAt
  seo { title description } options { name values }
  ${connection('variants', variants, VARIANT_FIELDS)}
  ${connection('media', 10, MEDIA_FIELDS)}
  ${connection('collections', 10, 'id')}`;

interface ShopifyVariant {
  id: string; sku: string | null; price: string; compareAtPrice: string | null; position: number; inventoryPolicy: 'DENY' | 'CONTINUE';
  inventoryQuantity: number | null; selectedOptions: { name: string; value: string }[];
  inventoryItem: { tracked: boolean; measurement: { weight: { value: number; unit: string } | null } };
}
interface ShopifyProduct {
  id: string; title: string; handle: string; descriptionHtml: string; vendor: string; productType: string; tags: string[]; status: string;
  createdAt: string; updatedAt: string; seo: { title: string | null; description: string | null }; options: { name: string; values: string[] }[];
  variants: NestedPage<ShopifyVariant>;
  media: NestedPage<{ alt: string | null; preview: { image: { url: string } | null } | null }>;
  collections: NestedPage<{ id: string }>;
}

const LIST = `query CutoverProducts($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys) {
  products(first: $first, after: $after, query: $query, sortKey: $sortKey) { nodes { ${fields(LIST_VARIANTS)} } pageInfo { hasNextPage endCursor } }
}`;
const GET = `query CutoverProduct($id: ID!) { product(id: $id) { ${fields(100)} } }`;
const COUNT = `query CutoverProductsCount { productsCount(limit: null) { count } }`;
const VARIANT_ID_FIELDS = 'id sku selectedOptions { name value }';
const MEDIA_ID_FIELDS = 'id preview { image { url } }';
const VARIANT_IDS = connection('variants', 100, VARIANT_ID_FIELDS);
// An update names the media the product already has by id, so a write that keeps its images re-uploads none.
const MEDIA_IDS = connection('media', 50, MEDIA_ID_FIELDS);
const BY_ID = `query CutoverProductVariants($id: ID!) { product(id: $id) { id handle ${VARIANT_IDS} ${MEDIA_IDS} } }`;
const BY_HANDLE = `query CutoverProductByHandle($query: String!) { products(first: 1, query: $query) { nodes { id handle ${VARIANT_IDS} } } }`;
const BY_SKU = `query CutoverVariantBySku($query: String!) { productVariants(first: 1, query: $query) { nodes { sku product { id handle ${VARIANT_IDS} } } } }`;
const SET = `mutation CutoverProductSet($input: ProductSetInput!, $identifier: ProductSetIdentifiers) {
  productSet(input: $input, identifier: $identifier, synchronous: true) { product { id ${VARIANT_IDS} } userErrors { field message code } }
}`;
const VARIANTS_PAGE = followUp('CutoverProductVariantsPage', 'product', 'variants', 100, VARIANT_FIELDS);
const MEDIA_PAGE = followUp('CutoverProductMediaPage', 'product', 'media', 100, MEDIA_FIELDS);
const COLLECTIONS_PAGE = followUp('CutoverProductCollectionsPage', 'product', 'collections', 250, 'id');
const VARIANT_IDS_PAGE = followUp('CutoverProductVariantIdsPage', 'product', 'variants', 250, VARIANT_ID_FIELDS);
const MEDIA_IDS_PAGE = followUp('CutoverProductMediaIdsPage', 'product', 'media', 100, MEDIA_ID_FIELDS);
const DELETE = `mutation CutoverProductDelete($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId userErrors { field message } } }`;

const weightUnits = { KILOGRAMS: 'kg', GRAMS: 'g', POUNDS: 'lb', OUNCES: 'oz' } as const;
const shopifyWeightUnits = { kg: 'KILOGRAMS', g: 'GRAMS', lb: 'POUNDS', oz: 'OUNCES' } as const;

const isDefaultOptions = (options: { name: string; values: string[] }[]): boolean =>
  options.length === 0 || (options.length === 1 && options[0]?.name === DEFAULT_OPTION.name && options[0].values.length === 1 && options[0].values[0] === DEFAULT_OPTION.value);

function stockStatus(v: ShopifyVariant): Variant['stockStatus'] {
  if (v.inventoryPolicy === 'CONTINUE') return v.inventoryItem.tracked && (v.inventoryQuantity ?? 0) > 0 ? 'in_stock' : 'backorder';
  return v.inventoryItem.tracked && (v.inventoryQuantity ?? 0) <= 0 ? 'out_of_stock' : 'in_stock';
}

function fromShopify(p: ShopifyProduct): Product {
  const plain = isDefaultOptions(p.options);
  const weight = (v: ShopifyVariant): Variant['weight'] => {
    const w = v.inventoryItem.measurement.weight;
    const unit = w ? weightUnits[w.unit as keyof typeof weightUnits] : undefined;
    return w && unit && w.value > 0 ? { value: w.value, unit } : null;
  };
  return {
    sourceId: p.id, title: p.title, descriptionHtml: p.descriptionHtml, vendor: p.vendor || null, productType: p.productType || null,
    tags: p.tags, status: p.status.toLowerCase() as Product['status'], handle: p.handle, seoTitle: p.seo.title, seoDescription: p.seo.description,
    categorySourceIds: p.collections.nodes.map((c) => c.id),
    images: p.media.nodes.flatMap((m) => (m.preview?.image ? [{ url: m.preview.image.url, alt: m.alt || null }] : [])).map((img, position) => ({ ...img, position })),
    options: plain ? [] : p.options.map((o) => ({ name: o.name, values: o.values })),
    variants: [...p.variants.nodes].sort((a, b) => a.position - b.position).map((v) => ({
      sourceId: v.id, sku: v.sku || null,
      optionValues: plain ? [] : p.options.map((o) => v.selectedOptions.find((s) => s.name === o.name)?.value ?? ''),
      price: toMoney(v.price), compareAtPrice: v.compareAtPrice === null ? null : toMoney(v.compareAtPrice), weight: weight(v),
      inventoryQuantity: v.inventoryItem.tracked ? v.inventoryQuantity ?? 0 : null, stockStatus: stockStatus(v),
    })),
    createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

type VariantRef = { id: string; sku: string | null; selectedOptions: { name: string; value: string }[] };
type MediaRef = { id: string; preview: { image: { url: string } | null } | null };
type Existing = { id: string; handle: string; variants: NestedPage<VariantRef>; media?: NestedPage<MediaRef> };

type ProductData = { product: Record<string, unknown> | null } | undefined;
const done = { hasNextPage: false, endCursor: null };
const page = <N>(key: string) => (d: Record<string, unknown>): NestedPage<N> | undefined => (d as ProductData)?.product?.[key] as NestedPage<N> | undefined;

/** The product with every variant, image and collection. */
async function wholeProduct(client: ShopifyGraphqlClient, p: ShopifyProduct): Promise<ShopifyProduct> {
  const [variants, media, collections] = await Promise.all([
    readToEnd(client, p.variants, { document: VARIANTS_PAGE, id: p.id, pick: page<ShopifyVariant>('variants'), what: 'variants' }),
    readToEnd(client, p.media, { document: MEDIA_PAGE, id: p.id, pick: page<ShopifyProduct['media']['nodes'][number]>('media'), what: 'media' }),
    readToEnd(client, p.collections, { document: COLLECTIONS_PAGE, id: p.id, pick: page<{ id: string }>('collections'), what: 'collections' }),
  ]);
  return { ...p, variants: { nodes: variants, pageInfo: done }, media: { nodes: media, pageInfo: done }, collections: { nodes: collections, pageInfo: done } };
}

/** A product found on the target with all its variants' ids (and its media's, when asked): a write names every one it keeps. */
async function wholeExisting(client: ShopifyGraphqlClient, e: Existing): Promise<Existing> {
  const [variants, media] = await Promise.all([
    readToEnd(client, e.variants, { document: VARIANT_IDS_PAGE, id: e.id, pick: page<VariantRef>('variants'), what: 'variant ids' }),
    e.media ? readToEnd(client, e.media, { document: MEDIA_IDS_PAGE, id: e.id, pick: page<MediaRef>('media'), what: 'media ids' }) : null,
  ]);
  return { ...e, variants: { nodes: variants, pageInfo: done }, ...(media ? { media: { nodes: media, pageInfo: done } } : {}) };
}

/** A variant's identity within its product: its option values in option order. */
function optionKey(product: Pick<Product, 'options'>, values: string[]): string {
  return product.options.length === 0 ? DEFAULT_OPTION.value : values.join(' / ');
}
const shopifyKey = (v: VariantRef): string => v.selectedOptions.map((o) => o.value).join(' / ');

function childIds(product: Product, variants: VariantRef[]): Record<string, string> {
  const byKey = new Map(variants.map((v) => [shopifyKey(v), v.id]));
  return Object.fromEntries(product.variants.flatMap((v) => {
    const id = byKey.get(optionKey(product, v.optionValues));
    return id ? [[v.sourceId, id]] : [];
  }));
}

function toProductSetInput(product: Product, existing: Existing | null, context: WriteContext, locationId: string): Record<string, unknown> {
  const options = product.options.length > 0 ? product.options : [{ name: DEFAULT_OPTION.name, values: [DEFAULT_OPTION.value] }];
  const existingIds = new Map((existing?.variants.nodes ?? []).map((v) => [shopifyKey(v), v.id]));
  const existingMedia = new Map((existing?.media?.nodes ?? []).flatMap((m) => (m.preview?.image ? [[m.preview.image.url, m.id] as const] : [])));
  return {
    ...(existing ? { id: existing.id } : {}),
    title: product.title, handle: product.handle, descriptionHtml: product.descriptionHtml, vendor: product.vendor ?? '',
    productType: product.productType ?? '', tags: product.tags, status: product.status.toUpperCase(),
    seo: { title: product.seoTitle, description: product.seoDescription },
    productOptions: options.map((o, i) => ({ name: o.name, position: i + 1, values: o.values.map((name) => ({ name })) })),
    variants: product.variants.map((v, i) => {
      const values = product.options.length > 0 ? v.optionValues : [DEFAULT_OPTION.value];
      const tracked = isTracked(v);
      const id = existingIds.get(optionKey(product, v.optionValues));
      return {
        ...(id ? { id } : {}),
        optionValues: options.map((o, j) => ({ optionName: o.name, name: values[j] ?? '' })),
        price: v.price, compareAtPrice: v.compareAtPrice, sku: v.sku, position: i + 1,
        inventoryPolicy: v.stockStatus === 'backorder' ? 'CONTINUE' : 'DENY',
        inventoryItem: { tracked, ...(v.weight ? { measurement: { weight: { value: v.weight.value, unit: shopifyWeightUnits[v.weight.unit] } } } : {}) },
        ...(tracked ? { inventoryQuantities: [{ locationId, name: 'available', quantity: v.inventoryQuantity ?? 0 }] } : {}),
      };
    }),
    files: [...product.images].sort((a, b) => a.position - b.position).map((img) => {
      const alt = img.alt ? { alt: img.alt } : {};
      const mediaId = existingMedia.get(img.url);
      return mediaId ? { id: mediaId, ...alt } : { originalSource: img.url, contentType: 'IMAGE', ...alt };
    }),
    collections: product.categorySourceIds.map((id) => context.references.categories[id]).filter((id): id is string => !!id),
  };
}

async function lookup(deps: HandlerDeps, product: Product, targetId: string | null): Promise<Existing | null> {
  const found = await lookupFirstPage(deps, product, targetId);
  return found ? wholeExisting(deps.client, found) : null;
}

async function lookupFirstPage(deps: HandlerDeps, product: Product, targetId: string | null): Promise<Existing | null> {
  if (targetId) return (await deps.client.request<{ product: Existing | null }>(BY_ID, { id: targetId })).product;
  const byHandle = await deps.client.request<{ products: { nodes: Existing[] } }>(BY_HANDLE, { query: `handle:${searchValue(product.handle)}` });
  const found = byHandle.products.nodes.find((p) => p.handle === product.handle);
  if (found) return found;
  const sku = product.variants.find((v) => v.sku)?.sku;
  if (!sku) return null;
  const bySku = await deps.client.request<{ productVariants: { nodes: { sku: string | null; product: Existing }[] } }>(BY_SKU, { query: `sku:${searchValue(sku)}` });
  return bySku.productVariants.nodes.find((v) => v.sku === sku)?.product ?? null;
}

/**
 * Shopify says "out of stock" only of a variant whose inventory it tracks: an untracked out-of-stock variant
 * on the source is written tracked, with 0 available.
 */
function isTracked(v: Variant): boolean {
  return v.inventoryQuantity !== null || v.stockStatus === 'out_of_stock';
}

/** A product as Shopify holds it once written (see isTracked): what verification and the matrix compare. */
export function productHeldByShopify(product: Product): Product {
  return { ...product, variants: product.variants.map((v) => (isTracked(v) ? { ...v, inventoryQuantity: v.inventoryQuantity ?? 0 } : v)) };
}

export const productsHandler: EntityHandler<'products'> = {
  // The listing query's requested cost is 174 points a product (25 variants, 10 images, 10 collections):
  // 5 a page stay under Shopify's 1000-point single-query limit (6 would ask for 1046 and be refused).
  maxPageSize: 5,

  async count({ client }) {
    return (await client.request<{ productsCount: { count: number } }>(COUNT)).productsCount.count;
  },

  async list(deps, q) {
    const data = await deps.client.request<{ products: { nodes: ShopifyProduct[]; pageInfo: PageInfo } }>(LIST, listVariables(q, this.maxPageSize));
    const { complete, incomplete } = await completeAll(data.products.nodes, (p) => wholeProduct(deps.client, p));
    return toPage('products', { nodes: complete, pageInfo: data.products.pageInfo }, fromShopify, incomplete);
  },

  async get({ client }, id) {
    const data = await client.request<{ product: ShopifyProduct | null }>(GET, { id });
    if (!data.product) return null;
    const [whole] = (await completeAll([data.product], (p) => wholeProduct(client, p))).complete;
    if (!whole) return null;
    const checked = checkEntity('products', id, () => fromShopify(whole));
    return 'entity' in checked ? checked.entity : null;
  },

  async findExisting(deps, product) {
    const found = await lookup(deps, product, null);
    return found ? { targetId: found.id, childIds: childIds(product, found.variants.nodes) } : null;
  },

  async plan(deps, { entity, targetId, knownAbsent }, context): Promise<PlannedWrite> {
    const existing = !targetId && knownAbsent ? null : await lookup(deps, entity, targetId);
    return { ok: true, calls: [{ call: 'productSet', body: { input: toProductSetInput(entity, existing, context, await deps.locationId()) } }] };
  },

  async upsert(deps, { entity, targetId, knownAbsent }, context): Promise<WriteResult> {
    const fail = (error: string): WriteResult => ({ sourceId: entity.sourceId, ok: false, error, retryable: false });
    try {
      const existing = !targetId && knownAbsent ? null : await lookup(deps, entity, targetId);
      const input = toProductSetInput(entity, existing, context, await deps.locationId());
      const data = await deps.client.request<{ productSet: { product: Existing | null; userErrors: UserError[] } }>(SET, { input });
      const problem = userErrorMessage(data.productSet.userErrors);
      const written = data.productSet.product;
      if (problem || !written) return fail(problem ?? 'no product returned');
      // The payload carries the first page of variants; the ids of the rest are read so every variant is mapped.
      let product: Existing;
      try {
        product = await wholeExisting(deps.client, written);
      } catch (error) {
        // Written, then not read back whole: said with its id, so the retry updates this product.
        const writtenThen = { sourceId: entity.sourceId, ok: false as const, targetId: written.id, created: existing === null };
        if (error instanceof IncompleteRecord) return { ...writtenThen, error: `the product on Shopify could not be read whole: ${error.message}`, retryable: false };
        if (!(error instanceof PlatformError) || error.status === 401 || error.status === 403) throw error;
        return { ...writtenThen, error: error.message, retryable: error.retryable };
      }
      return { sourceId: entity.sourceId, ok: true, targetId: product.id, created: existing === null, childIds: childIds(entity, product.variants.nodes) };
    } catch (error) {
      if (error instanceof IncompleteRecord) return fail(`the product on Shopify could not be read whole: ${error.message}`);
      throw error;
    }
  },

  async remove({ client }, id) {
    const data = await client.request<{ productDelete: { deletedProductId: string | null; userErrors: UserError[] } }>(DELETE, { input: { id } });
    return userErrorMessage(data.productDelete.userErrors) ?? (data.productDelete.deletedProductId ? null : 'not deleted');
  },
};
