import { WooError, invalidParam } from '../errors';
import { matchesDates, idList } from '../dates';
import { type Body, applyMeta, bool, has, int, list, oneOf, sanitizeSlug, str } from '../input';
import type { Ctx, Resource } from '../resource';
import type { AttributeRecord, ProductRecord, TermRecord } from '../types';
import { ksesPostTitle } from '../text';
import { activePrice, applySellable, csv, imageFields, links, postStatuses, readImages, sellableFields, textMatch, unionById } from './common';

const productTypes = ['simple', 'variable', 'grouped', 'external'] as const;

/** wp_unique_post_slug: a taken slug gets "-2", "-3"... */
export function uniqueProductSlug(ctx: Ctx, wanted: string, ownId: number): string {
  const base = sanitizeSlug(wanted) || String(ownId);
  // post_name is indexed: each candidate slug is one keyed read.
  const taken = (slug: string): boolean => ctx.state.lookup('products', 'slug', slug).some((p) => p.id !== ownId);
  let slug = base;
  for (let n = 2; taken(slug); n += 1) slug = `${base}-${n}`;
  return slug;
}

function termIds(ctx: Ctx, body: Body, key: 'categories' | 'tags'): number[] | undefined {
  const refs = list(body, key);
  if (!refs) return undefined;
  const terms = ctx.state.collections[key];
  // wp_set_object_terms ignores ids that are not terms of the taxonomy.
  return refs.map((ref) => int(ref, 'id') ?? 0).filter((id) => terms.has(id));
}

function readAttributes(body: Body): AttributeRecord[] | undefined {
  return list(body, 'attributes')?.map((a, index) => {
    const name = str(a, 'name');
    if (!name) throw invalidParam('attributes', 'attributes[].name is required.');
    const raw = a.options;
    const options = typeof raw === 'string' ? raw.split('|').map((o) => o.trim()) : Array.isArray(raw) ? raw.map(String) : [];
    return { id: int(a, 'id') ?? 0, name, position: int(a, 'position') ?? index, visible: bool(a, 'visible') ?? false, variation: bool(a, 'variation') ?? false, options };
  });
}

function apply(ctx: Ctx, product: ProductRecord, body: Body): ProductRecord {
  const name = str(body, 'name');
  // Stored (and returned) as WordPress stores a post title: through wp_filter_post_kses.
  if (name !== undefined) product.name = ksesPostTitle(name);
  const type = oneOf(body, 'type', productTypes);
  if (type !== undefined) product.type = type;
  const status = oneOf(body, 'status', postStatuses);
  if (status !== undefined) product.status = status;
  const featured = bool(body, 'featured');
  if (featured !== undefined) product.featured = featured;
  const description = str(body, 'description');
  if (description !== undefined) product.description = description;
  const short = str(body, 'short_description');
  if (short !== undefined) product.short_description = short;
  if (has(body, 'slug') || product.slug === '') product.slug = uniqueProductSlug(ctx, str(body, 'slug') || product.name, product.id);
  applySellable(ctx, product, body);
  product.categories = termIds(ctx, body, 'categories') ?? product.categories;
  product.tags = termIds(ctx, body, 'tags') ?? product.tags;
  product.images = readImages(ctx, body) ?? product.images;
  product.attributes = readAttributes(body) ?? product.attributes;
  product.menu_order = int(body, 'menu_order') ?? product.menu_order;
  product.meta_data = applyMeta(product.meta_data, body, () => ctx.state.nextMetaId());
  product.date_modified_gmt = ctx.state.now();
  return product;
}

function termRefs(ctx: Ctx, ids: number[], terms: Map<number, TermRecord>): Body[] {
  return ids.flatMap((id) => {
    const term = terms.get(id);
    return term ? [{ id, name: term.name, slug: term.slug }] : [];
  });
}

function variationsOf(ctx: Ctx, productId: number): number[] {
  return ctx.state.lookup('variations', 'parent', productId).map((v) => v.id);
}

/** A variable product's price is the lowest active price of its variations. */
function productPrice(ctx: Ctx, product: ProductRecord): string {
  if (product.type !== 'variable') return activePrice(product);
  const prices = ctx.state.lookup('variations', 'parent', product.id)
    .filter((v) => activePrice(v) !== '')
    .map((v) => Number(activePrice(v)));
  return prices.length ? String(Math.min(...prices)) : '';
}

export const productsResource: Resource<ProductRecord> = {
  invalidId: () => new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.'),
  all: (ctx) => [...ctx.state.collections.products.values()],
  any: (ctx) => ctx.state.collections.products.values().next().value,
  one: (ctx, _parentId, id) => ctx.state.collections.products.get(id),
  candidates(ctx, _parentId, params) {
    const skus = csv(params, 'sku');
    if (skus) return unionById(skus.flatMap((sku) => ctx.state.lookup('products', 'sku', sku)));
    const slug = params.get('slug');
    if (slug) return ctx.state.lookup('products', 'slug', slug);
    const include = idList(params, 'include');
    if (include) return include.flatMap((id) => ctx.state.collections.products.get(id) ?? []);
    return null;
  },
  create(ctx, body) {
    if (has(body, 'id')) throw new WooError(400, 'woocommerce_rest_product_exists', 'Cannot create existing product.');
    const now = ctx.state.now();
    const product: ProductRecord = {
      id: ctx.state.nextPostId(), name: '', slug: '', type: 'simple', status: 'publish', featured: false, description: '', short_description: '',
      sku: '', regular_price: '', sale_price: '', manage_stock: false, stock_quantity: null, stock_status: 'instock', backorders: 'no', weight: '',
      categories: [], tags: [], images: [], attributes: [], menu_order: 0, meta_data: [], date_created_gmt: now, date_modified_gmt: now,
    };
    return ctx.state.put('products', apply(ctx, product, body));
  },
  update: (ctx, record, body) => ctx.state.put('products', apply(ctx, { ...record }, body)),
  remove(ctx, record, force) {
    if (force) {
      ctx.state.collections.products.delete(record.id);
      for (const id of variationsOf(ctx, record.id)) ctx.state.collections.variations.delete(id);
      return 'deleted';
    }
    if (record.status === 'trash') throw new WooError(410, 'woocommerce_rest_already_trashed', `The product with ID ${record.id} has already been deleted.`);
    ctx.state.put('products', { ...record, status: 'trash', date_modified_gmt: ctx.state.now() });
    return 'trashed';
  },
  serialize(ctx, p) {
    const sellable = sellableFields(p);
    const current = productPrice(ctx, p);
    return {
      id: p.id, name: p.name, slug: p.slug, permalink: `${ctx.baseUrl}/product/${p.slug}/`,
      date_created: p.date_created_gmt, date_created_gmt: p.date_created_gmt, date_modified: p.date_modified_gmt, date_modified_gmt: p.date_modified_gmt,
      type: p.type, status: p.status, featured: p.featured, catalog_visibility: 'visible', description: p.description, short_description: p.short_description,
      ...sellable, price: current, price_html: current,
      total_sales: 0, virtual: false, downloadable: false, downloads: [], tax_status: 'taxable', tax_class: '', shipping_class: '', shipping_class_id: 0,
      categories: termRefs(ctx, p.categories, ctx.state.collections.categories),
      tags: termRefs(ctx, p.tags, ctx.state.collections.tags),
      images: p.images.map((image) => imageFields(ctx, image, p.date_created_gmt)),
      attributes: p.attributes, default_attributes: [], variations: variationsOf(ctx, p.id), grouped_products: [], menu_order: p.menu_order,
      meta_data: p.meta_data, _links: links(ctx, `products/${p.id}`, 'products'),
    };
  },
  matches(ctx, p, params) {
    const status = params.get('status') ?? 'any';
    if (status === 'any' ? p.status === 'trash' : p.status !== status) return false;
    const skus = csv(params, 'sku');
    if (skus && !skus.includes(p.sku)) return false;
    const slug = params.get('slug');
    if (slug && p.slug !== slug) return false;
    const type = params.get('type');
    if (type && p.type !== type) return false;
    const category = params.get('category');
    if (category && !p.categories.includes(Number(category))) return false;
    const tag = params.get('tag');
    if (tag && !p.tags.includes(Number(tag))) return false;
    const stock = params.get('stock_status');
    if (stock && p.stock_status !== stock) return false;
    const include = idList(params, 'include');
    if (include && !include.includes(p.id)) return false;
    const exclude = idList(params, 'exclude');
    if (exclude?.includes(p.id)) return false;
    if (!textMatch([p.name, p.description, p.short_description], params.get('search'))) return false;
    return matchesDates(params, p.date_created_gmt, p.date_modified_gmt);
  },
  sortKey(ctx, p, orderby) {
    switch (orderby) {
      case 'date': return p.date_created_gmt;
      case 'modified': return p.date_modified_gmt;
      case 'id': case 'include': return p.id;
      case 'title': return p.name.toLowerCase();
      case 'slug': return p.slug;
      case 'price': return Number(productPrice(ctx, p) || 0);
      case 'popularity': case 'rating': case 'menu_order': return p.menu_order;
      default: return undefined;
    }
  },
  defaultOrderBy: 'date',
  defaultOrder: 'desc',
};
