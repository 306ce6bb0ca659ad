import { WooError, invalidParam } from '../errors';
import { idList, matchesDates } from '../dates';
import { applyMeta, has, int, list, object, oneOf, str } from '../input';
import type { Ctx, Resource } from '../resource';
import type { VariationRecord } from '../types';
import { applySellable, csv, imageFields, links, postStatuses, readImage, sellableFields, textMatch } from './common';

function parentOf(ctx: Ctx, parentId: number | null) {
  const parent = parentId === null ? undefined : ctx.state.collections.products.get(parentId);
  if (!parent || parent.status === 'trash') throw new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
  return parent;
}

function apply(ctx: Ctx, variation: VariationRecord, body: Body): VariationRecord {
  const description = str(body, 'description');
  if (description !== undefined) variation.description = description;
  const status = oneOf(body, 'status', postStatuses);
  if (status !== undefined) variation.status = status;
  applySellable(ctx, variation, body);
  const image = object(body, 'image');
  if (image) variation.image = readImage(ctx, image);
  const attributes = list(body, 'attributes');
  if (attributes) {
    variation.attributes = attributes.map((a) => {
      const name = str(a, 'name');
      if (!name) throw invalidParam('attributes', 'attributes[].name is required.');
      return { id: int(a, 'id') ?? 0, name, option: str(a, 'option') ?? '' };
    });
  }
  variation.menu_order = int(body, 'menu_order') ?? variation.menu_order;
  variation.meta_data = applyMeta(variation.meta_data, body, () => ctx.state.nextMetaId());
  variation.date_modified_gmt = ctx.state.now();
  return variation;
}

type Body = Record<string, unknown>;

export const variationsResource: Resource<VariationRecord> = {
  invalidId: () => new WooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.'),
  all(ctx, parentId) {
    const parent = parentOf(ctx, parentId);
    return ctx.state.lookup('variations', 'parent', parent.id);
  },
  one(ctx, parentId, id) {
    const parent = parentOf(ctx, parentId);
    const variation = ctx.state.collections.variations.get(id);
    return variation?.parent_id === parent.id ? variation : undefined;
  },
  create(ctx, body, parentId) {
    const parent = parentOf(ctx, parentId);
    if (has(body, 'id')) throw new WooError(400, 'woocommerce_rest_product_variation_exists', 'Cannot create existing product_variation.');
    const now = ctx.state.now();
    const variation: VariationRecord = {
      id: ctx.state.nextPostId(), parent_id: parent.id, description: '', sku: '', regular_price: '', sale_price: '', status: 'publish',
      manage_stock: false, stock_quantity: null, stock_status: 'instock', backorders: 'no', weight: '', image: null, attributes: [], menu_order: 0,
      meta_data: [], date_created_gmt: now, date_modified_gmt: now,
    };
    ctx.state.put('products', { ...parent, date_modified_gmt: now });
    return ctx.state.put('variations', apply(ctx, variation, body));
  },
  update(ctx, record, body) {
    const updated = ctx.state.put('variations', apply(ctx, { ...record }, body));
    const parent = ctx.state.collections.products.get(record.parent_id);
    if (parent) ctx.state.put('products', { ...parent, date_modified_gmt: updated.date_modified_gmt });
    return updated;
  },
  remove(ctx, record) {
    ctx.state.collections.variations.delete(record.id);
    return 'deleted';
  },
  serialize(ctx, v) {
    return {
      id: v.id, parent_id: v.parent_id, date_created: v.date_created_gmt, date_created_gmt: v.date_created_gmt, date_modified: v.date_modified_gmt, date_modified_gmt: v.date_modified_gmt,
      description: v.description, permalink: `${ctx.baseUrl}/?p=${v.id}`, ...sellableFields(v), status: v.status, virtual: false, downloadable: false,
      tax_status: 'taxable', tax_class: '', shipping_class: '', image: v.image ? imageFields(ctx, v.image, v.date_created_gmt) : null,
      attributes: v.attributes, menu_order: v.menu_order, meta_data: v.meta_data, _links: links(ctx, `products/${v.parent_id}/variations/${v.id}`, `products/${v.parent_id}/variations`),
    };
  },
  matches(ctx, v, params) {
    const skus = csv(params, 'sku');
    if (skus && !skus.includes(v.sku)) return false;
    const status = params.get('status');
    if (status && status !== 'any' && v.status !== status) return false;
    const include = idList(params, 'include');
    if (include && !include.includes(v.id)) return false;
    if (!textMatch([v.description, v.sku], params.get('search'))) return false;
    return matchesDates(params, v.date_created_gmt, v.date_modified_gmt);
  },
  sortKey(ctx, v, orderby) {
    switch (orderby) {
      case 'date': return v.date_created_gmt;
      case 'modified': return v.date_modified_gmt;
      case 'id': case 'include': return v.id;
      case 'menu_order': return v.menu_order;
      default: return undefined;
    }
  },
  defaultOrderBy: 'date',
  defaultOrder: 'desc',
};
