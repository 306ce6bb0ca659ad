import type { Product } from '../../../domain/catalog/entities';
import type { WriteContext, WriteItem, WriteResult } from '../types';
import { runBatch } from './batch';
import type { WooClient } from './client';
import { findExisting, matchVariants } from './find-existing';
import { type WeightUnit, isVariable, toWooProduct, toWooVariation } from './products';
import { MAX_PER_PAGE, listAll } from './routes';
import type { StoreSettings } from './store-settings';
import type { WooVariation } from './wire';
import { failure, prepare, upsertThroughBatch } from './write-support';

/**
 * A variable product's variations, through products/<id>/variations/batch: matched ones (by SKU, else
 * options) are updated, new ones created, the rest deleted. Returns variant source id → variation id.
 */
async function writeVariations(client: WooClient, product: Product, targetId: string, created: boolean, unit: WeightUnit): Promise<Record<string, string>> {
  if (!isVariable(product)) return Object.fromEntries(product.variants.slice(0, 1).map((v) => [v.sourceId, targetId]));
  const route = `products/${targetId}/variations`;
  const existing = created ? [] : await listAll((page) => client.get<WooVariation[]>(route, { per_page: MAX_PER_PAGE, page }));
  const matched = matchVariants(product, existing);
  const toCreate = product.variants.filter((v) => !matched[v.sourceId]);
  const toUpdate = product.variants.filter((v) => matched[v.sourceId]);
  const kept = new Set(Object.values(matched));
  const outcomes = await runBatch<{ id: number }>(client, route, {
    create: toCreate.map((v) => toWooVariation(product, v, unit)),
    update: toUpdate.map((v) => ({ ...toWooVariation(product, v, unit), id: Number(matched[v.sourceId]) })),
    delete: existing.filter((v) => !kept.has(String(v.id))).map((v) => v.id),
  });
  const childIds: Record<string, string> = {};
  const errors: string[] = [];
  let retryable = false;
  for (const [list, variants] of [[outcomes.create, toCreate], [outcomes.update, toUpdate]] as const) {
    for (const [n, variant] of variants.entries()) {
      const outcome = list[n];
      if (outcome?.ok) childIds[variant.sourceId] = String(outcome.record.id);
      else {
        errors.push(`variant ${variant.sourceId}: ${outcome?.error ?? 'no answer'}`);
        retryable ||= outcome?.retryable ?? true;
      }
    }
  }
  if (errors.length) throw new VariationsFailed(`product ${targetId} written, but ${errors.join('; ')}`, retryable);
  return childIds;
}

class VariationsFailed extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

/**
 * WordPress never refuses a taken slug (it appends "-2"), so a product about to be created is first looked
 * up by its handle: written again without a target id, it is updated instead of duplicated.
 */
function withExistingTargets(client: WooClient, items: WriteItem<'products'>[]): Promise<WriteItem<'products'>[]> {
  return Promise.all(items.map(async (item) => {
    if (item.targetId) return item;
    const { data } = await client.get<{ id: number }[]>('products', { slug: item.entity.handle, status: 'any' });
    return data[0] ? { ...item, targetId: String(data[0].id) } : item;
  }));
}

export async function writeProducts(client: WooClient, settings: StoreSettings, given: WriteItem<'products'>[], context: WriteContext): Promise<WriteResult[]> {
  const items = await withExistingTargets(client, given);
  const unit = await settings.unit();
  const tags = await settings.tagIds(items.flatMap((i) => i.entity.tags));
  const prepared = prepare(items, (p) => toWooProduct(
    p,
    // A category that was not written cannot be linked; the product is written without it.
    p.categorySourceIds.map((id) => Number(context.references.categories[id] ?? 0)).filter((id) => id > 0),
    p.tags.map((t) => tags.get(t.toLowerCase()) ?? 0).filter((id) => id > 0),
    unit,
  ));
  const results = await upsertThroughBatch(client, 'products', prepared, ['product_invalid_sku'], (p) => findExisting(client, 'products', p));
  return Promise.all(results.map(async (result, index) => {
    if (!result.ok) return result;
    const product = (items[index] as WriteItem<'products'>).entity;
    try {
      return { ...result, childIds: await writeVariations(client, product, result.targetId, result.created, unit) };
    } catch (err) {
      // The product is written; its variations are not: said with its id, so the retry updates this product.
      const written = { targetId: result.targetId, created: result.created };
      if (err instanceof VariationsFailed) return { sourceId: product.sourceId, ok: false as const, error: err.message, retryable: err.retryable, ...written };
      return { ...failure(product.sourceId, err), ...written };
    }
  }));
}
