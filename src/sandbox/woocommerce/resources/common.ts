import { WooError, invalidParam } from '../errors';
import { type Body, bool, int, list, oneOf, price, str } from '../input';
import type { Ctx } from '../resource';
import type { ImageRecord, StockStatus } from '../types';

export const stockStatuses: readonly StockStatus[] = ['instock', 'outofstock', 'onbackorder'];
export const postStatuses = ['draft', 'pending', 'private', 'publish'] as const;

export interface Sellable {
  sku: string;
  regular_price: string;
  sale_price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: StockStatus;
  backorders: 'no' | 'notify' | 'yes';
  weight: string;
}

/** A SKU is unique across products and variations (wc_product_has_unique_sku). */
export function assertUniqueSku(ctx: Ctx, sku: string, ownId: number): void {
  if (sku === '') return;
  // wc_product_meta_lookup.sku is indexed: the check reads the rows with that SKU only.
  const taken = [...ctx.state.lookup('products', 'sku', sku), ...ctx.state.lookup('variations', 'sku', sku)]
    .some((p) => p.id !== ownId && ('parent_id' in p || p.status !== 'trash'));
  if (taken) throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.', { resource_id: ownId });
}

/** The price and stock fields products and variations share, with WooCommerce's stock rules. */
export function applySellable(ctx: Ctx, target: Sellable & { id: number }, body: Body): void {
  const sku = str(body, 'sku');
  if (sku !== undefined) {
    assertUniqueSku(ctx, sku.trim(), target.id);
    target.sku = sku.trim();
  }
  const regular = price(body, 'regular_price');
  if (regular !== undefined) target.regular_price = regular;
  const sale = price(body, 'sale_price');
  if (sale !== undefined) target.sale_price = sale;
  const manage = bool(body, 'manage_stock');
  if (manage !== undefined) target.manage_stock = manage;
  const quantity = int(body, 'stock_quantity');
  if (quantity !== undefined) target.stock_quantity = quantity;
  const backorders = oneOf(body, 'backorders', ['no', 'notify', 'yes'] as const);
  if (backorders !== undefined) target.backorders = backorders;
  const status = oneOf(body, 'stock_status', stockStatuses);
  if (status !== undefined) target.stock_status = status;
  const weight = str(body, 'weight');
  if (weight !== undefined) {
    if (weight !== '' && !/^\d+(\.\d+)?$/.test(weight)) throw invalidParam('weight', 'weight is not a valid decimal.');
    target.weight = weight;
  }
  if (!target.manage_stock) target.stock_quantity = null;
  // With stock managed, WooCommerce derives the status from the quantity and the backorder setting.
  if (target.manage_stock) {
    const qty = target.stock_quantity ?? 0;
    target.stock_status = qty > 0 ? 'instock' : target.backorders === 'no' ? 'outofstock' : 'onbackorder';
  }
}

export function activePrice(item: Sellable): string {
  return item.sale_price !== '' && Number(item.sale_price) < Number(item.regular_price) ? item.sale_price : item.regular_price;
}

export function sellableFields(item: Sellable): Body {
  const current = activePrice(item);
  return {
    sku: item.sku,
    price: current,
    regular_price: item.regular_price,
    sale_price: item.sale_price,
    on_sale: current !== item.regular_price && item.sale_price !== '',
    purchasable: current !== '',
    manage_stock: item.manage_stock,
    stock_quantity: item.stock_quantity,
    stock_status: item.stock_status,
    backorders: item.backorders,
    backorders_allowed: item.backorders !== 'no',
    weight: item.weight,
    dimensions: { length: '', width: '', height: '' },
  };
}

export function readImage(ctx: Ctx, body: Body): ImageRecord {
  const src = str(body, 'src') ?? '';
  if (!/^https?:\/\//.test(src)) {
    throw new WooError(400, 'woocommerce_product_image_upload_error', `Error getting remote image ${src}.`);
  }
  return { id: int(body, 'id') ?? ctx.state.nextPostId(), src, name: str(body, 'name') ?? src.split('/').pop() ?? '', alt: str(body, 'alt') ?? '' };
}

export function readImages(ctx: Ctx, body: Body): ImageRecord[] | undefined {
  return list(body, 'images')?.map((image) => readImage(ctx, image));
}

export function imageFields(ctx: Ctx, image: ImageRecord, created: string): Body {
  return { id: image.id, date_created: created, date_created_gmt: created, date_modified: created, date_modified_gmt: created, src: image.src, name: image.name, alt: image.alt };
}

export function links(ctx: Ctx, path: string, collection: string): Body {
  return { self: [{ href: `${ctx.baseUrl}/wp-json/wc/v3/${path}` }], collection: [{ href: `${ctx.baseUrl}/wp-json/wc/v3/${collection}` }] };
}

export function textMatch(haystack: string[], needle: string | null): boolean {
  if (!needle) return true;
  const lowered = needle.toLowerCase();
  return haystack.some((h) => h.toLowerCase().includes(lowered));
}

/** Records found through several index reads, once each, in id order. */
export function unionById<R extends { id: number }>(records: R[]): R[] {
  return [...new Map(records.map((r) => [r.id, r])).values()].sort((a, b) => a.id - b.id);
}

export function csv(params: URLSearchParams, key: string): string[] | null {
  const value = params.get(key);
  return value === null || value === '' ? null : value.split(',').map((v) => v.trim());
}
