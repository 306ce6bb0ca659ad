/**
 * The store as BigCommerce keeps it, in its own wire shapes (v3 catalog and customers, v2 orders). Records
 * are plain objects answered as they are: what a client reads is what is stored.
 */

export interface CategoryRecord {
  category_id: number;
  category_uuid: string;
  parent_id: number;
  tree_id: number;
  name: string;
  description: string;
  views: number;
  sort_order: number;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  layout_file: string;
  image_url: string;
  is_visible: boolean;
  search_keywords: string;
  default_product_sort: string;
  url: { path: string; is_customized: boolean };
}

export interface OptionValueRecord {
  id: number;
  label: string;
  option_id: number;
  option_display_name: string;
}

export interface VariantRecord {
  id: number;
  product_id: number;
  sku: string;
  sku_id: number;
  price: number | null;
  calculated_price: number;
  sale_price: number | null;
  retail_price: number | null;
  map_price: number | null;
  cost_price: number | null;
  weight: number | null;
  calculated_weight: number;
  width: number | null;
  height: number | null;
  depth: number | null;
  is_free_shipping: boolean;
  fixed_cost_shipping_price: number | null;
  purchasing_disabled: boolean;
  purchasing_disabled_message: string;
  image_url: string;
  upc: string;
  mpn: string;
  gtin: string;
  inventory_level: number;
  inventory_warning_level: number;
  bin_picking_number: string;
  option_values: OptionValueRecord[];
}

export interface ImageRecord {
  id: number;
  product_id: number;
  is_thumbnail: boolean;
  sort_order: number;
  description: string;
  image_file: string;
  url_zoom: string;
  url_standard: string;
  url_thumbnail: string;
  url_tiny: string;
  date_modified: string;
}

/** A product's own fields (the catalog's product object); variants and images are kept beside it. */
export type ProductRecord = Record<string, unknown> & {
  id: number;
  name: string;
  sku: string;
  price: number;
  sale_price: number;
  inventory_level: number;
  inventory_tracking: 'none' | 'product' | 'variant';
  custom_url: { url: string; is_customized: boolean };
  date_created: string;
  date_modified: string;
  base_variant_id: number | null;
};

export interface StoredProduct {
  product: ProductRecord;
  variants: VariantRecord[];
  images: ImageRecord[];
}

export interface AddressRecord {
  id: number;
  customer_id: number;
  first_name: string;
  last_name: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  postal_code: string;
  country: string;
  country_code: string;
  phone: string;
  address_type: string;
}

export type CustomerRecord = Record<string, unknown> & {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  accepts_product_review_abandoned_cart_emails: boolean;
  date_created: string;
  date_modified: string;
};

export type OrderRecord = Record<string, unknown> & {
  id: number;
  status_id: number;
  status: string;
  date_created: string;
  date_modified: string;
  external_order_id: string | null;
  customer_id: number;
  billing_address: Record<string, unknown>;
};

export type OrderProductRecord = Record<string, unknown> & { id: number; order_id: number; quantity: number; quantity_shipped: number };
export type ShippingAddressRecord = Record<string, unknown> & { id: number; order_id: number };
export type ShipmentRecord = Record<string, unknown> & { id: number; order_id: number };

export interface StoredOrder {
  order: OrderRecord;
  products: OrderProductRecord[];
  shippingAddresses: ShippingAddressRecord[];
  shipments: ShipmentRecord[];
}

/** BigCommerce's order statuses by status_id (GET /v2/order_statuses; Orders v2 documentation). */
export const ORDER_STATUSES: readonly { id: number; name: string }[] = [
  { id: 0, name: 'Incomplete' }, { id: 1, name: 'Pending' }, { id: 2, name: 'Shipped' }, { id: 3, name: 'Partially Shipped' },
  { id: 4, name: 'Refunded' }, { id: 5, name: 'Cancelled' }, { id: 6, name: 'Declined' }, { id: 7, name: 'Awaiting Payment' },
  { id: 8, name: 'Awaiting Pickup' }, { id: 9, name: 'Awaiting Shipment' }, { id: 10, name: 'Completed' }, { id: 11, name: 'Awaiting Fulfillment' },
  { id: 12, name: 'Manual Verification Required' }, { id: 13, name: 'Disputed' }, { id: 14, name: 'Partially Refunded' },
];

export class BigCommerceState {
  readonly categories = new Map<number, CategoryRecord>();
  readonly products = new Map<number, StoredProduct>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly addresses = new Map<number, AddressRecord>();
  readonly orders = new Map<number, StoredOrder>();
  readonly webhooks = new Map<number, Record<string, unknown> & { id: number }>();
  readonly requests: { method: string; path: string }[] = [];
  private ids: Record<string, number> = {};

  constructor(readonly storeHash: string, private readonly clock: () => Date = () => new Date()) {}

  now(): Date {
    return this.clock();
  }

  nextId(kind: 'category' | 'product' | 'variant' | 'option' | 'optionValue' | 'image' | 'customer' | 'address' | 'order' | 'orderProduct' | 'shippingAddress' | 'shipment' | 'sku' | 'webhook'): number {
    // Orders start at 100 as a new BigCommerce store's do; other ids at 1 (category 1 is the default tree's first).
    const start = kind === 'order' ? 100 : 1;
    this.ids[kind] = (this.ids[kind] ?? start - 1) + 1;
    return this.ids[kind] as number;
  }

  recordRequest(method: string, path: string): void {
    this.requests.push({ method, path });
  }

  counts(): { categories: number; products: number; customers: number; orders: number } {
    return { categories: this.categories.size, products: this.products.size, customers: this.customers.size, orders: this.orders.size };
  }

  statusName(id: number): string {
    return ORDER_STATUSES.find((s) => s.id === id)?.name ?? 'Unknown';
  }
}
