import type { Category, Customer, Order, Product } from '../../../domain/catalog/entities';
import type { EspRejectedRecord } from '../types';
import { type Cell, utcDate, utcDateTime } from './tsv';

/**
 * Columns Cutover writes, per ReSci file type (required ones first); see README "ESP handoff" for the source.
 * users as ReSci's "How to Format Users Data for Manual FTP Import" lists them: one full_name (ReSci has no
 * first/last name columns), account_created_on and date_unsubscribed as YYYY-MM-DD.
 */
export const feedHeaders = {
  categories: ['record_id', 'name', 'description', 'parent_record_id'],
  items: ['record_id', 'name', 'price', 'price_b', 'active', 'item_url', 'image_list', 'categories', 'quantity', 'manufacturer', 'item_type', 'parent_record_id'],
  users: ['record_id', 'email', 'account_created_on', 'date_unsubscribed', 'full_name', 'address1', 'address2', 'city', 'state', 'zip', 'country', 'phone'],
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

const fullName = (first: string | null | undefined, last: string | null | undefined) => [first, last].filter(Boolean).join(' ') || null;

/**
 * "Any date will unsubscribe the user": a shopper who withdrew email consent gets the day they did, or,
 * when the platform kept no date, the last day the record changed (or the feed's day): the date matters
 * less than that there is one, so the new instance never mails someone the old one could not.
 */
function dateUnsubscribed(c: Customer, day: string): string | null {
  if (c.emailMarketing.state !== 'unsubscribed') return null;
  return utcDate(c.emailMarketing.changedAt) ?? utcDate(c.updatedAt) ?? day.slice(0, 10);
}

/**
 * One row per customer with an email. account_created_on is required by ReSci: the customer's creation
 * date, else (a platform that kept none) the earliest of its last change and its first order in this feed,
 * an account being no younger than either; with none of them the customer is rejected and reported.
 */
export function userRows(customers: Customer[], orders: Order[], day: string): Rendered {
  const rows: Row[] = [];
  const rejected: EspRejectedRecord[] = [];
  const firstOrder = new Map<string, string>();
  for (const o of orders) {
    const seen = o.customerSourceId ? firstOrder.get(o.customerSourceId) : undefined;
    if (o.customerSourceId && (!seen || o.createdAt < seen)) firstOrder.set(o.customerSourceId, o.createdAt);
  }
  for (const c of customers) {
    if (!c.email) { rejected.push({ id: `user ${c.sourceId}`, reason: 'email is required by ReSci and the customer has none' }); continue; }
    const known = [c.createdAt, c.updatedAt, firstOrder.get(c.sourceId)].filter((d): d is string => Boolean(d)).map((d) => utcDate(d)).filter((d): d is string => d !== null);
    const created = utcDate(c.createdAt) ?? (known.length ? known.sort()[0] as string : null);
    if (!created) { rejected.push({ id: `user ${c.sourceId}`, reason: 'account_created_on is required by ReSci and the customer has no creation date, change date or order' }); continue; }
    const a = c.addresses[0];
    rows.push({
      record_id: c.sourceId, email: c.email, account_created_on: created, date_unsubscribed: dateUnsubscribed(c, day),
      full_name: fullName(c.firstName, c.lastName) ?? fullName(a?.firstName, a?.lastName),
      address1: a?.address1 ?? null, address2: a?.address2 ?? null, city: a?.city ?? null, state: a?.province ?? null, zip: a?.zip ?? null,
      country: a?.countryCode ?? null, phone: c.phone ?? a?.phone ?? null,
    });
  }
  return { rows, rejected };
}

/**
 * A guest order's user carries the unsubscribe of a customer with the same email in the same feed, so
 * ReSci cannot read the guest row as a mailable twin of someone who opted out.
 */
export function guestUsers(guests: Row[], users: Row[]): Row[] {
  const unsubscribed = new Map(users.filter((u) => u.date_unsubscribed).map((u) => [String(u.email).toLowerCase(), u.date_unsubscribed as string]));
  return guests.map((g) => ({ ...g, date_unsubscribed: unsubscribed.get(String(g.email).toLowerCase()) ?? null }));
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
      const b = o.billingAddress;
      out.guests.rows.push({
        record_id: user, email: o.email, account_created_on: utcDate(o.createdAt), full_name: fullName(b?.firstName, b?.lastName),
        address1: b?.address1 ?? null, address2: b?.address2 ?? null, city: b?.city ?? null, state: b?.province ?? null, zip: b?.zip ?? null, country: b?.countryCode ?? null, phone: b?.phone ?? null,
      });
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
