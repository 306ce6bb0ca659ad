import type { Category, Customer, Order, Product } from '../../../domain/catalog/entities';
import type { EspRejectedRecord } from '../types';
import { type Cell, utcDateTime } from './tsv';

/** Columns Cutover writes, per ReSci file type (required ones first); see README "ESP handoff" for the source. */
export const feedHeaders = {
  categories: ['record_id', 'name', 'description', 'parent_record_id'],
  items: ['record_id', 'name', 'price', 'price_b', 'active', 'item_url', 'image_list', 'categories', 'quantity', 'manufacturer', 'item_type', 'parent_record_id'],
  users: ['record_id', 'email', 'full_name', 'first_name', 'last_name', 'address1', 'city', 'state', 'zip', 'country', 'phone', 'account_created_on'],
  orders: ['record_id', 'user_record_id', 'order_total', 'order_date', 'total_discounts', 'total_shipping', 'total_tax', 'promo_code'],
  order_items: ['order_record_id', 'item_record_id', 'name', 'price', 'quantity', 'final_sale_price'],
} as const;
export type FeedType = keyof typeof feedHeaders;
export type Row = Record<string, Cell>;

export interface Rendered { rows: Row[]; rejected: EspRejectedRecord[] }

const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() || null;

export function categoryRows(categories: Category[]): Rendered {
  return { rows: categories.map((c) => ({ record_id: c.sourceId, name: c.name, description: text(c.descriptionHtml), parent_record_id: c.parentSourceId })), rejected: [] };
}

/** A product and, when it has several, its variants as child items (ReSci: a parent must be its own row). */
export function itemRows(products: Product[], storeUrl: string): Rendered {
  const rows: Row[] = [];
  const rejected: EspRejectedRecord[] = [];
  for (const p of products) {
    const image = p.images[0]?.url ?? null;
    if (!image) { rejected.push({ id: `item ${p.sourceId}`, reason: 'image_list is required by ReSci and the product has no image' }); continue; }
    const first = p.variants[0];
    const url = `${storeUrl}/products/${p.handle}`;
    const quantity = p.variants.every((v) => v.inventoryQuantity === null) ? null : p.variants.reduce((n, v) => n + (v.inventoryQuantity ?? 0), 0);
    rows.push({
      record_id: p.sourceId, name: p.title, price: first?.price ?? null, price_b: first?.compareAtPrice ?? null, active: p.status === 'active' ? 1 : 0,
      item_url: url, image_list: image, categories: p.categorySourceIds.join(',') || null, quantity, manufacturer: p.vendor, item_type: p.productType, parent_record_id: null,
    });
    if (p.variants.length > 1) {
      for (const v of p.variants) {
        rows.push({
          record_id: v.sourceId, name: [p.title, ...v.optionValues].join(' - '), price: v.price, price_b: v.compareAtPrice, active: p.status === 'active' ? 1 : 0,
          item_url: url, image_list: image, categories: p.categorySourceIds.join(',') || null, quantity: v.inventoryQuantity, manufacturer: p.vendor, item_type: p.productType, parent_record_id: p.sourceId,
        });
      }
    }
  }
  return { rows, rejected };
}

export function userRows(customers: Customer[]): Rendered {
  const rows: Row[] = [];
  const rejected: EspRejectedRecord[] = [];
  for (const c of customers) {
    if (!c.email) { rejected.push({ id: `user ${c.sourceId}`, reason: 'email is required by ReSci and the customer has none' }); continue; }
    const a = c.addresses[0];
    rows.push({
      record_id: c.sourceId, email: c.email, full_name: [c.firstName, c.lastName].filter(Boolean).join(' ') || null, first_name: c.firstName, last_name: c.lastName,
      address1: a?.address1 ?? null, city: a?.city ?? null, state: a?.province ?? null, zip: a?.zip ?? null, country: a?.countryCode ?? null, phone: c.phone ?? a?.phone ?? null,
      account_created_on: utcDateTime(c.createdAt),
    });
  }
  return { rows, rejected };
}

/** Guest orders get a user of their own (`guest-<order>`) so every order names a user record. */
export function guestUserRecordId(order: Order): string {
  return `guest-${order.sourceId}`;
}

export function orderRows(orders: Order[]): { orders: Rendered; items: Rendered; guests: Rendered } {
  const out = { orders: { rows: [] as Row[], rejected: [] as EspRejectedRecord[] }, items: { rows: [] as Row[], rejected: [] as EspRejectedRecord[] }, guests: { rows: [] as Row[], rejected: [] as EspRejectedRecord[] } };
  for (const o of orders) {
    let user = o.customerSourceId;
    if (!user) {
      if (!o.email) { out.orders.rejected.push({ id: `order ${o.number}`, reason: 'a guest order without email cannot name a ReSci user' }); continue; }
      user = guestUserRecordId(o);
      out.guests.rows.push({ record_id: user, email: o.email, first_name: o.billingAddress?.firstName ?? null, last_name: o.billingAddress?.lastName ?? null, account_created_on: utcDateTime(o.createdAt) });
    }
    out.orders.rows.push({
      record_id: o.sourceId, user_record_id: user, order_total: o.total, order_date: utcDateTime(o.createdAt), total_discounts: o.discountTotal,
      total_shipping: o.shippingLines.reduce((n, s) => n + Number(s.price), 0).toFixed(2), total_tax: o.totalTax, promo_code: o.discountCodes.join(',') || null,
    });
    o.lineItems.forEach((line, i) => {
      // The product (parent) row always exists in the items file; a variant row only for multi-variant products.
      const item = line.productSourceId ?? line.variantSourceId;
      if (!item) { out.items.rejected.push({ id: `order ${o.number} line ${i + 1}`, reason: 'item_record_id is required and the product no longer exists' }); return; }
      const final = ((Number(line.price) * line.quantity - Number(line.totalDiscount)) / line.quantity).toFixed(2);
      out.items.rows.push({ order_record_id: o.sourceId, item_record_id: item, name: line.name, price: line.price, quantity: line.quantity, final_sale_price: final });
    });
  }
  return out;
}
