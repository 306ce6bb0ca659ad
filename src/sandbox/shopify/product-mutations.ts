import { gid, parseGid } from './ids';
import { cleanTags, handleize, uniqueHandle, userError, type UserError } from './input-helpers';
import { parseAmount } from './money';
import type { ProductRecord, VariantRecord, WeightUnit } from './records';
import type { ShopStore } from './store';
import { collectionView, productView } from './views';

interface VariantInput {
  id?: string | null; optionValues: { optionName?: string | null; name?: string | null }[]; price?: string | null; compareAtPrice?: string | null;
  sku?: string | null; position?: number | null; inventoryPolicy?: 'DENY' | 'CONTINUE' | null;
  inventoryItem?: { sku?: string | null; tracked?: boolean | null; measurement?: { weight?: { value: number; unit: WeightUnit } | null } | null } | null;
  inventoryQuantities?: { locationId: string; name: string; quantity: number }[] | null;
}

interface ProductSetInput {
  id?: string | null; title?: string | null; handle?: string | null; descriptionHtml?: string | null; vendor?: string | null;
  productType?: string | null; tags?: string[] | null; status?: ProductRecord['status'] | null;
  seo?: { title?: string | null; description?: string | null } | null;
  productOptions?: { name?: string | null; position?: number | null; values?: { name?: string | null }[] | null }[] | null;
  variants?: VariantInput[] | null;
  files?: { id?: string | null; originalSource?: string | null; alt?: string | null }[] | null;
  collections?: string[] | null;
}

type Payload = { product: object | null; userErrors: UserError[] };

function findTarget(store: ShopStore, input: ProductSetInput, identifier: { id?: string | null; handle?: string | null } | null | undefined): ProductRecord | null | UserError {
  const id = identifier?.id ?? input.id;
  if (id) {
    const found = store.products.get(parseGid(id, 'Product') ?? -1);
    return found ?? userError(['input', 'id'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST');
  }
  if (identifier?.handle) return [...store.products.values()].find((p) => p.handle === identifier.handle) ?? null;
  return null;
}

function validateVariants(input: ProductSetInput): UserError[] {
  const options = input.productOptions ?? [];
  const variants = input.variants ?? [];
  if ((input.productOptions == null) !== (input.variants == null)) {
    return [userError(['input'], 'productOptions and variants must be provided together', 'INVALID')];
  }
  const errors: UserError[] = [];
  const seen = new Set<string>();
  variants.forEach((variant, i) => {
    const names = variant.optionValues.map((v) => v.optionName ?? '');
    const known = options.every((o) => names.includes(o.name ?? '')) && names.length === options.length;
    if (!known) errors.push(userError(['input', 'variants', String(i), 'optionValues'], 'Option values provided for variant do not match the product options', 'INVALID_VARIANT'));
    const key = options.map((o) => variant.optionValues.find((v) => v.optionName === o.name)?.name ?? '').join('/');
    if (seen.has(key)) errors.push(userError(['input', 'variants', String(i)], `The variant '${key}' already exists.`, 'DUPLICATED_OPTION_VALUE'));
    seen.add(key);
    if (variant.price != null && parseAmount(variant.price) === null) errors.push(userError(['input', 'variants', String(i), 'price'], 'Price is invalid', 'INVALID'));
  });
  if (options.length > 3) errors.push(userError(['input', 'productOptions'], 'Can only specify a maximum of 3 options', 'OPTIONS_OVER_LIMIT'));
  if (variants.length > 2048) errors.push(userError(['input', 'variants'], 'Exceeded the maximum number of variants', 'VARIANTS_OVER_LIMIT'));
  return errors;
}

function applyVariants(store: ShopStore, product: ProductRecord, variants: VariantInput[], errors: UserError[]): void {
  const now = store.now();
  const kept: number[] = [];
  const options = product.options;
  variants.forEach((input, index) => {
    const existingId = input.id ? parseGid(input.id, 'ProductVariant') : null;
    const existing = existingId === null ? undefined : store.variants.get(existingId);
    if (input.id && (!existing || existing.productId !== product.id)) {
      errors.push(userError(['input', 'variants', String(index), 'id'], 'Product variant does not exist', 'PRODUCT_VARIANT_DOES_NOT_EXIST'));
      return;
    }
    const quantities = input.inventoryQuantities ?? [];
    for (const q of quantities) {
      if (!store.locations.has(parseGid(q.locationId, 'Location') ?? -1)) errors.push(userError(['input', 'variants', String(index), 'inventoryQuantities'], 'Location does not exist', 'INVALID'));
    }
    const selectedOptions = options.map((o) => ({ name: o.name, value: input.optionValues.find((v) => v.optionName === o.name)?.name ?? '' }));
    const variant: VariantRecord = existing ?? {
      id: store.newId(), productId: product.id, inventoryItemId: store.newId(), sku: null, price: 0, compareAtPrice: null, position: 0,
      selectedOptions, inventoryPolicy: 'DENY', tracked: false, inventoryQuantity: 0, weight: null, createdAt: now, updatedAt: now,
    };
    variant.selectedOptions = selectedOptions;
    variant.position = input.position ?? index + 1;
    if (input.price !== undefined) variant.price = parseAmount(input.price ?? '0') ?? 0;
    if (input.compareAtPrice !== undefined) variant.compareAtPrice = input.compareAtPrice == null ? null : parseAmount(input.compareAtPrice);
    const sku = input.sku !== undefined ? input.sku : input.inventoryItem?.sku;
    if (sku !== undefined) variant.sku = sku === '' ? null : sku;
    if (input.inventoryPolicy) variant.inventoryPolicy = input.inventoryPolicy;
    if (input.inventoryItem?.tracked != null) variant.tracked = input.inventoryItem.tracked;
    if (input.inventoryItem?.measurement?.weight !== undefined) variant.weight = input.inventoryItem.measurement.weight ?? null;
    const available = quantities.filter((q) => q.name === 'available');
    if (available.length > 0) variant.inventoryQuantity = available.reduce((sum, q) => sum + q.quantity, 0);
    variant.updatedAt = now;
    store.variants.set(variant.id, variant);
    kept.push(variant.id);
  });
  for (const id of product.variantIds) if (!kept.includes(id)) store.variants.delete(id);
  product.variantIds = kept;
}

export function productSet(store: ShopStore, args: { input: ProductSetInput; identifier?: { id?: string | null; handle?: string | null } | null }): Payload {
  const { input } = args;
  const target = findTarget(store, input, args.identifier);
  if (target !== null && 'message' in target) return { product: null, userErrors: [target] };
  const errors = validateVariants(input);
  const title = input.title ?? target?.title;
  if (!title || !title.trim()) errors.push(userError(['input', 'title'], "Title can't be blank", 'BLANK'));
  if (title && title.length > 255) errors.push(userError(['input', 'title'], 'Title is too long (maximum is 255 characters)', 'TOO_LONG'));
  const collectionIds = (input.collections ?? []).map((id) => parseGid(id, 'Collection'));
  collectionIds.forEach((id, i) => {
    if (id === null || !store.collections.has(id)) errors.push(userError(['input', 'collections', String(i)], 'Collection does not exist', 'INVALID'));
  });
  // FileSetInput.id keeps a file the product already has; originalSource creates a new one.
  (input.files ?? []).forEach((f, i) => {
    if (f.id == null) return;
    const mediaId = parseGid(f.id, 'MediaImage');
    if (mediaId === null || !target?.media.some((m) => m.id === mediaId)) errors.push(userError(['input', 'files', String(i), 'id'], 'File does not exist', 'INVALID'));
  });
  const wantedHandle = input.handle ?? args.identifier?.handle;
  if (wantedHandle && [...store.products.values()].some((p) => p.handle === wantedHandle && p.id !== target?.id)) {
    errors.push(userError(['input', 'handle'], `Handle '${wantedHandle}' already in use. Please provide a new handle.`, 'TAKEN'));
  }
  if (errors.length > 0 || !title) return { product: null, userErrors: errors };

  const now = store.now();
  const product: ProductRecord = target ?? {
    id: store.newId(), title, handle: '', descriptionHtml: '', vendor: '', productType: '', tags: [], status: 'ACTIVE',
    seo: { title: null, description: null }, options: [{ id: store.newId(), name: 'Title', position: 1, values: ['Default Title'] }],
    variantIds: [], media: [], createdAt: now, updatedAt: now,
  };
  product.title = title;
  product.handle = wantedHandle ?? (target ? product.handle : uniqueHandle(handleize(title), (h) => [...store.products.values()].some((p) => p.handle === h)));
  if (input.descriptionHtml !== undefined) product.descriptionHtml = input.descriptionHtml ?? '';
  if (input.vendor !== undefined) product.vendor = input.vendor ?? '';
  if (input.productType !== undefined) product.productType = input.productType ?? '';
  if (input.tags !== undefined) product.tags = cleanTags(input.tags);
  if (input.status) product.status = input.status;
  if (input.seo) product.seo = { title: input.seo.title ?? null, description: input.seo.description ?? null };
  if (input.productOptions) {
    product.options = input.productOptions.map((o, i) => ({
      id: product.options.find((existing) => existing.name === o.name)?.id ?? store.newId(),
      name: o.name ?? '', position: o.position ?? i + 1, values: (o.values ?? []).map((v) => v.name ?? ''),
    }));
  }
  if (input.files) {
    const before = product.media;
    product.media = input.files.map((f) => {
      const kept = f.id != null ? before.find((m) => m.id === parseGid(f.id, 'MediaImage')) : undefined;
      return kept ? { ...kept, alt: f.alt !== undefined ? f.alt ?? null : kept.alt } : { id: store.newId(), url: f.originalSource ?? '', alt: f.alt ?? null };
    });
  }
  product.updatedAt = now;
  store.products.set(product.id, product);
  if (input.variants) applyVariants(store, product, input.variants, errors);
  else if (!target) applyVariants(store, product, [{ optionValues: [{ optionName: 'Title', name: 'Default Title' }] }], errors);
  if (input.collections) {
    for (const collection of store.collections.values()) {
      const wanted = collectionIds.includes(collection.id);
      const has = collection.productIds.includes(product.id);
      if (wanted && !has) collection.productIds.push(product.id);
      if (!wanted && has) collection.productIds = collection.productIds.filter((id) => id !== product.id);
    }
  }
  return { product: productView(store, product), userErrors: errors };
}

export function productDelete(store: ShopStore, args: { input: { id: string } }): { deletedProductId: string | null; userErrors: UserError[] } {
  const id = parseGid(args.input.id, 'Product');
  const product = id === null ? undefined : store.products.get(id);
  if (!product) return { deletedProductId: null, userErrors: [userError(['id'], 'Product does not exist')] };
  for (const variantId of product.variantIds) store.variants.delete(variantId);
  for (const collection of store.collections.values()) collection.productIds = collection.productIds.filter((p) => p !== product.id);
  store.products.delete(product.id);
  return { deletedProductId: gid('Product', product.id), userErrors: [] };
}

export function collectionAddProducts(store: ShopStore, args: { id: string; productIds: string[] }): { collection: object | null; userErrors: UserError[] } {
  const collection = store.collections.get(parseGid(args.id, 'Collection') ?? -1);
  if (!collection) return { collection: null, userErrors: [userError(['id'], 'Collection does not exist')] };
  const errors: UserError[] = [];
  args.productIds.forEach((raw, i) => {
    const id = parseGid(raw, 'Product');
    if (id === null || !store.products.has(id)) errors.push(userError(['productIds', String(i)], 'Product does not exist'));
    else if (!collection.productIds.includes(id)) collection.productIds.push(id);
  });
  collection.updatedAt = store.now();
  return { collection: collectionView(store, collection), userErrors: errors };
}
