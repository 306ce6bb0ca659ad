/** The records the simulated store keeps, in WooCommerce's own field names (wc/v3). */

export interface MetaDatum {
  id: number;
  key: string;
  value: unknown;
}

export interface TermRecord {
  id: number;
  name: string;
  slug: string;
  parent: number;
  description: string;
  menu_order: number;
}

export interface ImageRecord {
  id: number;
  src: string;
  name: string;
  alt: string;
}

export interface AttributeRecord {
  id: number;
  name: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';
export type PostStatus = 'draft' | 'pending' | 'private' | 'publish' | 'trash';

export interface Dated {
  date_created_gmt: string;
  date_modified_gmt: string;
}

export interface ProductRecord extends Dated {
  id: number;
  name: string;
  slug: string;
  type: 'simple' | 'variable' | 'grouped' | 'external';
  status: PostStatus;
  featured: boolean;
  description: string;
  short_description: string;
  sku: string;
  regular_price: string;
  sale_price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: StockStatus;
  backorders: 'no' | 'notify' | 'yes';
  weight: string;
  categories: number[];
  tags: number[];
  images: ImageRecord[];
  attributes: AttributeRecord[];
  menu_order: number;
  meta_data: MetaDatum[];
}

export interface VariationRecord extends Dated {
  id: number;
  parent_id: number;
  description: string;
  sku: string;
  regular_price: string;
  sale_price: string;
  status: PostStatus;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: StockStatus;
  backorders: 'no' | 'notify' | 'yes';
  weight: string;
  image: ImageRecord | null;
  attributes: { id: number; name: string; option: string }[];
  menu_order: number;
  meta_data: MetaDatum[];
}

export interface AddressRecord {
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
  phone: string;
}

export interface CustomerRecord extends Dated {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  username: string;
  billing: AddressRecord;
  shipping: AddressRecord;
  is_paying_customer: boolean;
  meta_data: MetaDatum[];
}

export interface LineItemRecord {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  tax_class: string;
  subtotal: string;
  subtotal_tax: string;
  total: string;
  total_tax: string;
  meta_data: MetaDatum[];
}

export interface TaxLineRecord {
  id: number;
  rate_code: string;
  rate_id: number;
  label: string;
  compound: boolean;
  tax_total: string;
  shipping_tax_total: string;
  rate_percent: number;
  meta_data: MetaDatum[];
}

export interface ShippingLineRecord {
  id: number;
  method_title: string;
  method_id: string;
  instance_id: string;
  total: string;
  total_tax: string;
  meta_data: MetaDatum[];
}

export interface FeeLineRecord {
  id: number;
  name: string;
  tax_class: string;
  tax_status: 'taxable' | 'none';
  total: string;
  total_tax: string;
  meta_data: MetaDatum[];
}

export interface CouponLineRecord {
  id: number;
  code: string;
  discount: string;
  discount_tax: string;
  meta_data: MetaDatum[];
}

export type OrderStatus = 'pending' | 'processing' | 'on-hold' | 'completed' | 'cancelled' | 'refunded' | 'failed' | 'checkout-draft' | 'trash';

export interface OrderRecord extends Dated {
  id: number;
  parent_id: number;
  status: OrderStatus;
  currency: string;
  /** Stored as given so a planted malformed record can carry a total that is not a number. */
  total: string;
  discount_total: string;
  discount_tax: string;
  shipping_total: string;
  shipping_tax: string;
  cart_tax: string;
  total_tax: string;
  prices_include_tax: boolean;
  customer_id: number;
  customer_note: string;
  billing: AddressRecord;
  shipping: AddressRecord;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  date_paid_gmt: string | null;
  date_completed_gmt: string | null;
  line_items: LineItemRecord[];
  tax_lines: TaxLineRecord[];
  shipping_lines: ShippingLineRecord[];
  fee_lines: FeeLineRecord[];
  coupon_lines: CouponLineRecord[];
  meta_data: MetaDatum[];
}
