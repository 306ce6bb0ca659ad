/**
 * WooCommerce REST API (wc/v3) shapes, as far as the adapter reads them. Fields a malformed store may get
 * wrong are `unknown` and checked while mapping.
 */
export interface WooMeta {
  id?: number;
  key: string;
  value: unknown;
}

export interface WooTermRef {
  id: number;
  name: string;
  slug: string;
}

export interface WooCategory {
  id: number;
  name: string;
  slug: string;
  parent: number;
  description: string;
  menu_order: number;
}

export interface WooImage {
  id?: number;
  src: string;
  alt: string;
}

export interface WooAttribute {
  id: number;
  name: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

export interface WooSellable {
  id: number;
  sku: string;
  price: unknown;
  regular_price: unknown;
  sale_price: unknown;
  on_sale: boolean;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: string;
  backorders: string;
  weight: string;
  meta_data: WooMeta[];
  date_created_gmt: string | null;
  date_modified_gmt: string | null;
}

export interface WooProduct extends WooSellable {
  name: string;
  slug: string;
  type: string;
  status: string;
  description: string;
  categories: WooTermRef[];
  tags: WooTermRef[];
  images: WooImage[];
  attributes: WooAttribute[];
  variations: number[];
}

export interface WooVariation extends WooSellable {
  status: string;
  attributes: { id: number; name: string; option: string }[];
}

export interface WooAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone?: string;
}

export interface WooCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  billing: WooAddress;
  shipping: WooAddress;
  meta_data: WooMeta[];
  date_created_gmt: string | null;
  date_modified_gmt: string | null;
}

export interface WooLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  subtotal: unknown;
  total: unknown;
  sku: string | null;
  price: unknown;
  meta_data: WooMeta[];
}

export interface WooOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  customer_id: number;
  customer_note: string;
  billing: WooAddress;
  shipping: WooAddress;
  discount_total: unknown;
  shipping_total: unknown;
  total_tax: unknown;
  total: unknown;
  line_items: WooLineItem[];
  tax_lines: { id: number; label: string; rate_percent?: number; tax_total: unknown; shipping_tax_total: unknown }[];
  shipping_lines: { id: number; method_title: string; method_id: string; total: unknown }[];
  fee_lines: { id: number; name: string; total: unknown; meta_data: WooMeta[] }[];
  coupon_lines: { id: number; code: string; discount: unknown }[];
  meta_data: WooMeta[];
  date_created_gmt: string | null;
  date_modified_gmt: string | null;
  date_completed_gmt?: string | null;
}

/** A batch answer: each item is the object or `{ id, error }` in its place. */
export interface WooBatchError {
  id: number;
  error: { code: string; message: string; data?: { status?: number } };
}

export type WooBatchItem<T> = T | WooBatchError;

export function isBatchError<T>(item: WooBatchItem<T>): item is WooBatchError {
  return typeof item === 'object' && item !== null && 'error' in item && typeof (item as WooBatchError).error === 'object';
}
