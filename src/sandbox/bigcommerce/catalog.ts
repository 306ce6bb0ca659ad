import { randomUUID } from 'node:crypto';
import { BcError, type Reply, idOf, iso, notFound, v3Page, dateFilter } from './http';
import type { BigCommerceState, CategoryRecord, ImageRecord, OptionValueRecord, ProductRecord, StoredProduct, VariantRecord } from './state';

export interface Call {
  state: BigCommerceState;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

type Body = Record<string, unknown>;
const DEFAULT_TREE = 1;
/** Documented limits: "Batches are limited to 10 products"; variants batch up to 50 (Catalog API). */
const PRODUCT_BATCH_LIMIT = 10;
const VARIANT_BATCH_LIMIT = 50;

function pageOf(query: Record<string, unknown>): { page: number; limit: number } {
  const page = typeof query.page === 'number' ? query.page : 1;
  const limit = typeof query.limit === 'number' ? query.limit : 50;
  if (!Number.isInteger(page) || page < 1) throw new BcError(422, 'The page must be a whole number of at least 1', { page: String(query.page) });
  if (!Number.isInteger(limit) || limit < 1) throw new BcError(422, 'The limit must be a whole number of at least 1', { limit: String(query.limit) });
  return { page, limit };
}

const numbers = (value: unknown): number[] | null => (Array.isArray(value) ? value.map(Number) : null);

// ---- category trees -------------------------------------------------------------------------------

export function listTrees(): Reply {
  return { status: 200, body: { data: [{ id: DEFAULT_TREE, name: 'Default', channels: [1] }], meta: {} } };
}

export function listTreeCategories({ state, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  const ids = numbers(query['category_id:in']);
  const trees = numbers(query['tree_id:in']);
  const parents = numbers(query['parent_id:in']);
  const items = [...state.categories.values()]
    .filter((c) => !ids || ids.includes(c.category_id))
    .filter((c) => !trees || trees.includes(c.tree_id))
    .filter((c) => !parents || parents.includes(c.parent_id))
    .filter((c) => typeof query.name !== 'string' || c.name === query.name)
    .filter((c) => typeof query['name:like'] !== 'string' || c.name.toLowerCase().includes(String(query['name:like']).toLowerCase()))
    .sort((a, b) => a.category_id - b.category_id);
  return v3Page(items, page, limit);
}

function categoryProblem(state: BigCommerceState, candidate: CategoryRecord): string | null {
  if (candidate.parent_id !== 0) {
    const parent = state.categories.get(candidate.parent_id);
    if (!parent || parent.tree_id !== candidate.tree_id) return `parent_id ${candidate.parent_id} is not a category of tree ${candidate.tree_id}`;
    if (parent.category_id === candidate.category_id) return 'a category cannot be its own parent';
  }
  if (candidate.tree_id !== DEFAULT_TREE) return `tree ${candidate.tree_id} does not exist`;
  for (const other of state.categories.values()) {
    if (other.category_id === candidate.category_id) continue;
    if (other.parent_id === candidate.parent_id && other.tree_id === candidate.tree_id && other.name === candidate.name) return `a sibling category is already named "${candidate.name}"`;
    if (other.url.path === candidate.url.path) return `the URL ${candidate.url.path} is already used by category ${other.category_id}`;
  }
  if (!candidate.url.path.startsWith('/')) return 'a category URL path starts with "/"';
  return null;
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-') || 'category';
}

/** POST /catalog/trees/categories: creates each valid one; the others come back in `errors` (207). */
export function createTreeCategories({ state, body }: Call): Reply {
  const created: CategoryRecord[] = [];
  const errors: Record<string, string> = {};
  for (const [index, raw] of (body as Body[]).entries()) {
    const url = raw.url as { path: string; is_customized?: boolean } | undefined;
    const record: CategoryRecord = {
      category_id: 0, category_uuid: randomUUID(), parent_id: Number(raw.parent_id), tree_id: Number(raw.tree_id), name: String(raw.name),
      description: String(raw.description ?? ''), views: Number(raw.views ?? 0), sort_order: Number(raw.sort_order ?? 0),
      page_title: String(raw.page_title ?? ''), meta_keywords: (raw.meta_keywords as string[] | undefined) ?? [], meta_description: String(raw.meta_description ?? ''),
      layout_file: String(raw.layout_file ?? 'category.html'), image_url: String(raw.image_url ?? ''), is_visible: raw.is_visible !== false,
      search_keywords: String(raw.search_keywords ?? ''), default_product_sort: String(raw.default_product_sort ?? 'use_store_settings'),
      url: { path: url?.path ?? `/${slug(String(raw.name))}/`, is_customized: url?.is_customized ?? url !== undefined },
    };
    const problem = categoryProblem(state, record);
    if (problem) {
      errors[`${index}`] = problem;
      continue;
    }
    record.category_id = state.nextId('category');
    state.categories.set(record.category_id, record);
    created.push(record);
  }
  const meta = { total: (body as Body[]).length, success: created.length, failed: Object.keys(errors).length };
  if (created.length === 0 && meta.failed > 0) return new BcError(422, 'The categories were not valid', errors).reply('v3');
  return meta.failed ? { status: 207, body: { data: created, errors: { status: 422, title: 'Some categories were not created', type: '', errors }, meta } } : { status: 201, body: { data: created, meta } };
}

/** PUT /catalog/trees/categories: updates by category_id; unknown ids and invalid ones in `errors` (207). */
export function updateTreeCategories({ state, body }: Call): Reply {
  const errors: Record<string, string> = {};
  let success = 0;
  for (const [index, raw] of (body as Body[]).entries()) {
    const current = state.categories.get(Number(raw.category_id));
    if (!current) {
      errors[`${index}`] = `category ${String(raw.category_id)} does not exist`;
      continue;
    }
    const next: CategoryRecord = { ...current, ...(raw as Partial<CategoryRecord>), url: raw.url ? { is_customized: true, ...(raw.url as { path: string }) } : current.url };
    const problem = categoryProblem(state, next);
    if (problem) {
      errors[`${index}`] = problem;
      continue;
    }
    state.categories.set(next.category_id, next);
    success += 1;
  }
  const meta = { total: (body as Body[]).length, success, failed: Object.keys(errors).length };
  if (success === 0 && meta.failed > 0) return new BcError(422, 'The categories were not valid', errors).reply('v3');
  return { status: meta.failed ? 207 : 200, body: meta.failed ? { errors: { status: 422, title: 'Some categories were not updated', type: '', errors }, meta } : { meta } };
}

export function deleteTreeCategories({ state, query }: Call): Reply {
  const ids = numbers(query['category_id:in']);
  if (!ids) throw new BcError(422, 'Deleting categories needs a filter', { 'category_id:in': 'is required' });
  for (const id of ids) {
    state.categories.delete(id);
    for (const stored of state.products.values()) {
      const categories = (stored.product.categories as number[]).filter((c) => c !== id);
      stored.product.categories = categories;
    }
  }
  return { status: 204 };
}

// ---- products --------------------------------------------------------------------------------------

function cdnUrl(state: BigCommerceState, productId: number, imageId: number, source: string, size: string): string {
  const file = source.split('/').pop()?.split('?')[0] || `${imageId}.jpg`;
  return `https://cdn11.bigcommerce.com/s-${state.storeHash}/images/stencil/${size}/products/${productId}/${imageId}/${file}`;
}

function makeImage(state: BigCommerceState, productId: number, raw: Body, sortDefault: number): ImageRecord {
  if (typeof raw.image_url !== 'string' || !/^https?:\/\/\S+$/.test(raw.image_url)) throw new BcError(422, 'An image needs an image_url: a public URL of a GIF, JPEG or PNG', { image_url: String(raw.image_url) });
  const id = state.nextId('image');
  // BigCommerce downloads the image and serves it from its CDN: the source URL is not kept.
  return {
    id, product_id: productId, is_thumbnail: raw.is_thumbnail === true, sort_order: Number(raw.sort_order ?? sortDefault), description: String(raw.description ?? ''),
    image_file: `products/${productId}/${id}/${raw.image_url.split('/').pop() ?? 'image.jpg'}`,
    url_zoom: cdnUrl(state, productId, id, raw.image_url, '1280x1280'), url_standard: cdnUrl(state, productId, id, raw.image_url, '500x659'),
    url_thumbnail: cdnUrl(state, productId, id, raw.image_url, '220x290'), url_tiny: cdnUrl(state, productId, id, raw.image_url, '44x58'),
    date_modified: iso(state.now()),
  };
}

function skuTaken(state: BigCommerceState, sku: string, exceptProduct: number | null, exceptVariant: number | null = null): boolean {
  if (!sku) return false;
  for (const stored of state.products.values()) {
    if (stored.product.id !== exceptProduct && stored.product.sku === sku) return true;
    for (const v of stored.variants) if (v.id !== exceptVariant && v.sku === sku && (stored.product.id !== exceptProduct || exceptVariant !== null)) return true;
  }
  return false;
}

function productConflicts(state: BigCommerceState, product: ProductRecord): void {
  for (const other of state.products.values()) {
    if (other.product.id === product.id) continue;
    if (other.product.name === product.name) throw new BcError(409, 'The product name is a duplicate', { name: `The product name "${product.name}" is already used by product ${other.product.id}` });
    if (other.product.custom_url.url === product.custom_url.url) throw new BcError(409, 'The custom URL is already in use', { custom_url: `${product.custom_url.url} is the URL of product ${other.product.id}` });
  }
  if (skuTaken(state, product.sku, product.id)) throw new BcError(409, 'The SKU is a duplicate', { sku: `SKU "${product.sku}" is already in use` });
  // "duplicate unique values, such as name or SKU; a missing or invalid category_id…" are 409 (the files' 409).
  for (const c of product.categories as number[]) if (!state.categories.has(c)) throw new BcError(409, 'A category of the product does not exist', { categories: `category ${c} does not exist` });
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function makeVariant(state: BigCommerceState, productId: number, raw: Body, options: Map<string, { id: number; values: Map<string, number> }>): VariantRecord {
  const optionValues: OptionValueRecord[] = ((raw.option_values as Body[] | undefined) ?? []).map((ov) => {
    const display = String(ov.option_display_name ?? '');
    const label = String(ov.label ?? '');
    if (!display || !label) throw new BcError(422, 'A variant\'s option values need option_display_name and label when the product is created', { option_values: 'option_display_name and label are required' });
    let option = options.get(display);
    if (!option) {
      option = { id: state.nextId('option'), values: new Map() };
      options.set(display, option);
    }
    let valueId = option.values.get(label);
    if (valueId === undefined) {
      valueId = state.nextId('optionValue');
      option.values.set(label, valueId);
    }
    return { id: valueId, label, option_id: option.id, option_display_name: display };
  });
  const price = num(raw.price);
  const sale = num(raw.sale_price);
  return {
    id: state.nextId('variant'), product_id: productId, sku: String(raw.sku ?? ''), sku_id: state.nextId('sku'), price, calculated_price: sale ?? price ?? 0,
    sale_price: sale, retail_price: num(raw.retail_price), map_price: num(raw.map_price), cost_price: num(raw.cost_price), weight: num(raw.weight), calculated_weight: num(raw.weight) ?? 0,
    width: num(raw.width), height: num(raw.height), depth: num(raw.depth), is_free_shipping: raw.is_free_shipping === true, fixed_cost_shipping_price: num(raw.fixed_cost_shipping_price),
    purchasing_disabled: raw.purchasing_disabled === true, purchasing_disabled_message: String(raw.purchasing_disabled_message ?? ''), image_url: String(raw.image_url ?? ''),
    upc: String(raw.upc ?? ''), mpn: String(raw.mpn ?? ''), gtin: String(raw.gtin ?? ''), inventory_level: Number(raw.inventory_level ?? 0),
    inventory_warning_level: Number(raw.inventory_warning_level ?? 0), bin_picking_number: String(raw.bin_picking_number ?? ''), option_values: optionValues,
  };
}

/** The product's derived fields: calculated price, stock summed over variants when tracked by variant. */
function settle(stored: StoredProduct): void {
  const p = stored.product;
  p.calculated_price = p.sale_price > 0 ? p.sale_price : p.price;
  if (p.inventory_tracking === 'variant') p.inventory_level = stored.variants.reduce((sum, v) => sum + v.inventory_level, 0);
  const base = stored.variants.length === 1 && stored.variants[0]?.option_values.length === 0 ? stored.variants[0] : null;
  p.base_variant_id = base?.id ?? null;
  if (base) {
    // The base variant of a product without options mirrors the product's own price, SKU and stock.
    base.sku = p.sku;
    base.price = p.price;
    base.sale_price = p.sale_price || null;
    base.calculated_price = Number(p.calculated_price);
    if (p.inventory_tracking === 'product') base.inventory_level = p.inventory_level;
  }
  for (const v of stored.variants) v.calculated_price = v.sale_price ?? v.price ?? Number(p.calculated_price);
}

const PRODUCT_DEFAULTS = {
  description: '', width: 0, depth: 0, height: 0, cost_price: 0, retail_price: 0, sale_price: 0, map_price: 0, tax_class_id: 0, product_tax_code: '',
  categories: [] as number[], brand_id: 0, option_set_id: null, option_set_display: 'right', inventory_level: 0, inventory_warning_level: 0, inventory_tracking: 'none',
  reviews_rating_sum: 0, reviews_count: 0, total_sold: 0, fixed_cost_shipping_price: 0, is_free_shipping: false, is_visible: true, is_featured: false, related_products: [-1],
  warranty: '', bin_picking_number: '', layout_file: 'product.html', upc: '', mpn: '', gtin: '', search_keywords: '', availability: 'available', availability_description: '',
  gift_wrapping_options_type: 'any', gift_wrapping_options_list: [], sort_order: 0, condition: 'New', is_condition_shown: false, order_quantity_minimum: 0, order_quantity_maximum: 0,
  page_title: '', meta_keywords: [] as string[], meta_description: '', view_count: 0, preorder_release_date: null, preorder_message: '', is_preorder_only: false, is_price_hidden: false,
  price_hidden_label: '', open_graph_type: 'product', open_graph_title: '', open_graph_description: '', open_graph_use_meta_description: true, open_graph_use_product_name: true, open_graph_use_image: true,
};

/** Fields a request body carries that are not stored on the product itself. */
const NESTED = ['variants', 'images', 'custom_fields', 'bulk_pricing_rules', 'videos', 'brand_name'];

function productSlug(name: string): string {
  return `/${name.toLowerCase().normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-') || 'product'}/`;
}

export function createProduct({ state, body }: Call): Reply {
  const raw = body as Body;
  const id = state.nextId('product');
  const now = iso(state.now());
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => !NESTED.includes(k)));
  const customUrl = raw.custom_url as { url: string; is_customized?: boolean } | undefined;
  const product = {
    ...PRODUCT_DEFAULTS, ...own, id, sku: String(raw.sku ?? ''), date_created: now, date_modified: now, base_variant_id: null,
    custom_url: { url: customUrl?.url ?? productSlug(String(raw.name)), is_customized: customUrl?.is_customized ?? customUrl !== undefined },
  } as unknown as ProductRecord;
  productConflicts(state, product);
  const options = new Map<string, { id: number; values: Map<string, number> }>();
  const rawVariants = (raw.variants as Body[] | undefined) ?? [];
  const variants = rawVariants.length ? rawVariants.map((v) => makeVariant(state, id, v, options)) : [makeVariant(state, id, { sku: product.sku, price: product.price, inventory_level: product.inventory_level }, options)];
  if (rawVariants.length) {
    const withOptions = variants.filter((v) => v.option_values.length > 0).length;
    if (withOptions !== variants.length && variants.length > 1) throw new BcError(422, 'Every variant of a product with several variants needs option values', { variants: 'option_values are required' });
    const combos = new Set(variants.map((v) => v.option_values.map((o) => `${o.option_display_name}=${o.label}`).sort().join('|')));
    if (combos.size !== variants.length) throw new BcError(422, 'Two variants have the same option values', { variants: 'option values must differ between variants' });
  }
  const skus = variants.map((v) => v.sku).filter(Boolean);
  if (new Set(skus).size !== skus.length) throw new BcError(409, 'The SKU is a duplicate', { variants: 'two variants share a SKU' });
  for (const sku of skus) if (sku !== product.sku && skuTaken(state, sku, null)) throw new BcError(409, 'The SKU is a duplicate', { sku: `SKU "${sku}" is already in use` });
  const images = ((raw.images as Body[] | undefined) ?? []).map((img, n) => makeImage(state, id, img, n));
  if (images.length && !images.some((i) => i.is_thumbnail)) (images[0] as ImageRecord).is_thumbnail = true;
  const stored: StoredProduct = { product, variants, images };
  settle(stored);
  state.products.set(id, stored);
  return { status: 200, body: { data: productView(stored, ['variants', 'images']), meta: {} } };
}

function updateOwn(state: BigCommerceState, stored: StoredProduct, raw: Body): void {
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => !NESTED.includes(k) && k !== 'id'));
  const customUrl = raw.custom_url as { url: string; is_customized?: boolean } | undefined;
  const next = { ...stored.product, ...own, custom_url: customUrl ? { url: customUrl.url, is_customized: customUrl.is_customized ?? true } : stored.product.custom_url, date_modified: iso(state.now()) } as unknown as ProductRecord;
  productConflicts(state, next);
  stored.product = next;
  if (raw.images !== undefined) {
    const added = (raw.images as Body[]).filter((img) => img.id === undefined).map((img, n) => makeImage(state, next.id, img, stored.images.length + n));
    stored.images.push(...added);
  }
  settle(stored);
}

export function updateProduct({ state, pathParams, body }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  if (!stored) throw notFound('The requested product was not found.');
  updateOwn(state, stored, body as Body);
  return { status: 200, body: { data: productView(stored, []), meta: {} } };
}

/** PUT /catalog/products: up to 10 products by id; the batch is applied whole or refused. */
export function updateProducts({ state, body }: Call): Reply {
  const items = body as Body[];
  if (items.length > PRODUCT_BATCH_LIMIT) throw new BcError(413, `Batches are limited to ${PRODUCT_BATCH_LIMIT} products`, { body: `${items.length} products sent` });
  const targets = items.map((raw, n) => {
    const stored = state.products.get(Number(raw.id));
    if (!stored) throw new BcError(422, 'A product of the batch does not exist', { [`${n}.id`]: `product ${String(raw.id)} does not exist` });
    return { stored, raw };
  });
  const before = targets.map((t) => ({ ...t.stored, product: { ...t.stored.product }, images: [...t.stored.images] }));
  try {
    for (const { stored, raw } of targets) updateOwn(state, stored, raw);
  } catch (err) {
    for (const [n, t] of targets.entries()) Object.assign(t.stored, before[n]);
    throw err;
  }
  return { status: 200, body: { data: targets.map((t) => productView(t.stored, [])), meta: {} } };
}

function productView(stored: StoredProduct, include: string[]): Record<string, unknown> {
  return {
    ...stored.product,
    ...(include.includes('variants') ? { variants: stored.variants } : {}),
    ...(include.includes('images') ? { images: stored.images } : {}),
  };
}

export function listProducts({ state, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  const include = (query.include as string[] | undefined) ?? [];
  const ids = numbers(query['id:in']);
  const since = query['date_modified:min'] !== undefined ? dateFilter(query['date_modified:min'], 'date_modified:min', 'v3') : null;
  const direction = query.direction === 'desc' ? -1 : 1;
  const sortKey = typeof query.sort === 'string' ? query.sort : 'id';
  const items = [...state.products.values()]
    .filter((s) => !ids || ids.includes(s.product.id))
    .filter((s) => typeof query.sku !== 'string' || s.product.sku === query.sku)
    .filter((s) => typeof query.name !== 'string' || s.product.name === query.name)
    .filter((s) => typeof query.keyword !== 'string' || s.product.name.toLowerCase().includes(String(query.keyword).toLowerCase()) || s.variants.some((v) => v.sku === query.keyword))
    .filter((s) => since === null || Date.parse(s.product.date_modified) >= since)
    .sort((a, b) => direction * (sortKey === 'id' ? a.product.id - b.product.id : String(a.product[sortKey]).localeCompare(String(b.product[sortKey]))));
  return v3Page(items.map((s) => productView(s, include)), page, limit);
}

export function getProduct({ state, pathParams, query }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  if (!stored) throw notFound('The requested product was not found.');
  return { status: 200, body: { data: productView(stored, (query.include as string[] | undefined) ?? []), meta: {} } };
}

export function deleteProduct({ state, pathParams }: Call): Reply {
  const id = idOf(pathParams.product_id);
  if (!state.products.delete(id)) throw notFound('The requested product was not found.');
  return { status: 204 };
}

export function deleteProducts({ state, query }: Call): Reply {
  const ids = numbers(query['id:in']);
  if (!ids) throw new BcError(422, 'Deleting products needs a filter', { 'id:in': 'is required' });
  for (const id of ids) state.products.delete(id);
  return { status: 204 };
}

// ---- variants and images --------------------------------------------------------------------------------

export function listProductVariants({ state, pathParams, query }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  if (!stored) throw notFound('The requested product was not found.');
  const { page, limit } = pageOf(query);
  return v3Page(stored.variants, page, limit);
}

export function listVariants({ state, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  const products = numbers(query['product_id:in']);
  const all = [...state.products.values()].filter((s) => !products || products.includes(s.product.id)).flatMap((s) => s.variants)
    .filter((v) => typeof query.sku !== 'string' || v.sku === query.sku);
  return v3Page(all, page, limit);
}

function applyVariant(state: BigCommerceState, stored: StoredProduct, variant: VariantRecord, raw: Body): void {
  if (typeof raw.sku === 'string' && raw.sku !== variant.sku && skuTaken(state, raw.sku, stored.product.id, variant.id)) throw new BcError(409, 'The SKU is a duplicate', { sku: `SKU "${raw.sku}" is already in use` });
  const { id: _id, product_id: _pid, option_values: _ov, ...fields } = raw;
  Object.assign(variant, fields);
  if (stored.product.base_variant_id === variant.id) {
    // Writing the base variant writes the product's own price, SKU and stock.
    if (typeof raw.price === 'number') stored.product.price = raw.price;
    if (raw.sale_price !== undefined) stored.product.sale_price = Number(raw.sale_price ?? 0);
    if (typeof raw.sku === 'string') stored.product.sku = raw.sku;
    if (typeof raw.inventory_level === 'number') stored.product.inventory_level = raw.inventory_level;
  }
  stored.product.date_modified = iso(state.now());
  settle(stored);
}

export function updateProductVariant({ state, pathParams, body }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  const variant = stored?.variants.find((v) => v.id === idOf(pathParams.variant_id));
  if (!stored || !variant) throw notFound('The requested variant was not found.');
  applyVariant(state, stored, variant, body as Body);
  return { status: 200, body: { data: variant, meta: {} } };
}

/** PUT /catalog/variants: up to 50 variants by id. */
export function updateVariants({ state, body }: Call): Reply {
  const items = body as Body[];
  if (items.length > VARIANT_BATCH_LIMIT) throw new BcError(413, `Batches are limited to ${VARIANT_BATCH_LIMIT} variants`, { body: `${items.length} variants sent` });
  const found = items.map((raw, n) => {
    for (const stored of state.products.values()) {
      const variant = stored.variants.find((v) => v.id === Number(raw.id));
      if (variant) return { stored, variant, raw };
    }
    throw new BcError(422, 'A variant of the batch does not exist', { [`${n}.id`]: `variant ${String(raw.id)} does not exist` });
  });
  for (const { stored, variant, raw } of found) applyVariant(state, stored, variant, raw);
  return { status: 200, body: { data: found.map((f) => f.variant), meta: {} } };
}

export function listImages({ state, pathParams, query }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  if (!stored) throw notFound('The requested product was not found.');
  const { page, limit } = pageOf(query);
  return v3Page(stored.images, page, limit);
}

export function createImage({ state, pathParams, body }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  if (!stored) throw notFound('The requested product was not found.');
  const image = makeImage(state, stored.product.id, body as Body, stored.images.length);
  if (image.is_thumbnail) for (const other of stored.images) other.is_thumbnail = false;
  stored.images.push(image);
  return { status: 200, body: { data: image, meta: {} } };
}

export function deleteImage({ state, pathParams }: Call): Reply {
  const stored = state.products.get(idOf(pathParams.product_id));
  const imageId = idOf(pathParams.image_id);
  if (!stored || !stored.images.some((i) => i.id === imageId)) throw notFound('The requested image was not found.');
  stored.images = stored.images.filter((i) => i.id !== imageId);
  return { status: 204 };
}
