import type { Category, Customer, EntityOf, EntityType, Order, Product } from '../../../domain/catalog/entities';
import type { PlannedCall, PlannedWrite, WriteContext, WriteItem } from '../types';
import { toWooCategory } from './categories';
import type { WooClient } from './client';
import { toWooCustomer } from './customers';
import { matchVariants } from './find-existing';
import { MappingError } from './money';
import { orderCreateBody, orderUpdateBody } from './orders-write';
import { isVariable, toWooProduct, toWooVariation } from './products';
import { MAX_PER_PAGE, listAll, routes } from './routes';
import type { StoreSettings } from './store-settings';
import type { WooVariation } from './wire';

/** The batch call that creates the entity, or updates it when it has a target id. */
function upsertCall(route: string, targetId: string | null, body: Record<string, unknown>): PlannedCall {
  return { call: `POST ${route}/batch`, body: targetId ? { update: [{ ...body, id: Number(targetId) }] } : { create: [body] } };
}

async function planProduct(client: WooClient, settings: StoreSettings, product: Product, given: string | null, context: WriteContext): Promise<PlannedCall[]> {
  // As the writer does: WordPress never refuses a taken slug, so a product is first looked up by it.
  const targetId = given ?? (await client.get<{ id: number }[]>('products', { slug: product.handle, status: 'any' })).data[0]?.id?.toString() ?? null;
  const unit = await settings.unit();
  const known = await settings.knownTagIds();
  const newTags = [...new Set(product.tags.filter((t) => !known.has(t.toLowerCase())))];
  const body = toWooProduct(
    product,
    product.categorySourceIds.map((id) => Number(context.references.categories[id] ?? 0)).filter((id) => id > 0),
    [],
    unit,
  );
  // Tags are referenced by id; the writer creates the missing ones first, in one batch.
  body.tags = product.tags.map((t) => ({ id: known.get(t.toLowerCase()) ?? `<new tag "${t}">` }));
  const calls: PlannedCall[] = newTags.length ? [{ call: 'POST products/tags/batch', body: { create: newTags.map((name) => ({ name })) } }] : [];
  calls.push(upsertCall('products', targetId, body));
  if (isVariable(product)) {
    const route = `products/${targetId ?? '<the new product>'}/variations`;
    const existing = targetId ? await listAll((page) => client.get<WooVariation[]>(route, { per_page: MAX_PER_PAGE, page })) : [];
    const matched = matchVariants(product, existing);
    const kept = new Set(Object.values(matched));
    calls.push({
      call: `POST ${route}/batch`,
      body: {
        create: product.variants.filter((v) => !matched[v.sourceId]).map((v) => toWooVariation(product, v, unit)),
        update: product.variants.filter((v) => matched[v.sourceId]).map((v) => ({ ...toWooVariation(product, v, unit), id: Number(matched[v.sourceId]) })),
        delete: existing.filter((v) => !kept.has(String(v.id))).map((v) => v.id),
      },
    });
  }
  return calls;
}

/**
 * The calls WooWriter.upsertBatch would make for one item, from the same body builders, without writing:
 * lookups and store settings are read, a missing tag is shown as the create the writer would send first.
 */
export async function planWooWrite<T extends EntityType>(client: WooClient, settings: StoreSettings, type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> {
  const entity: EntityOf[EntityType] = item.entity;
  try {
    switch (type) {
      case 'categories': {
        const category = entity as Category;
        const parentId = category.parentSourceId ? Number(context.references.categories[category.parentSourceId] ?? 0) : 0;
        return { ok: true, calls: [upsertCall(routes.categories, item.targetId, toWooCategory(category, parentId))] };
      }
      case 'products':
        return { ok: true, calls: await planProduct(client, settings, entity as Product, item.targetId, context) };
      case 'customers':
        return { ok: true, calls: [upsertCall(routes.customers, item.targetId, toWooCustomer(entity as Customer))] };
      case 'orders': {
        const order = entity as Order;
        return { ok: true, calls: [upsertCall(routes.orders, item.targetId, item.targetId ? orderUpdateBody(order, context) : orderCreateBody(order, context))] };
      }
    }
    return { ok: false, reason: `no writer for ${type}` };
  } catch (err) {
    if (err instanceof MappingError) return { ok: false, reason: err.message };
    throw err;
  }
}
