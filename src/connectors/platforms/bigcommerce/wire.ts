/** The shapes this adapter reads from BigCommerce's API, as far as it uses them. */

export interface BcCategory {
  category_id: number;
  parent_id: number;
  tree_id: number;
  name: string;
  description: string;
  sort_order: number;
  url: { path: string; is_customized: boolean };
}

export interface BcOptionValue {
  id: number;
  label: string;
  option_id: number;
  option_display_name: string;
}

export interface BcVariant {
  id: number;
  product_id: number;
  sku: string;
  price: number | null;
  sale_price: number | null;
  weight: number | null;
  inventory_level: number;
  purchasing_disabled: boolean;
  option_values: BcOptionValue[];
}

export interface BcImage {
  id: number;
  is_thumbnail: boolean;
  sort_order: number;
  description: string;
  url_zoom: string;
  url_standard: string;
}

export interface BcProduct {
  id: number;
  name: string;
  sku: string;
  description: string;
  weight: number;
  price: number;
  sale_price: number;
  categories: number[];
  inventory_level: number;
  inventory_tracking: 'none' | 'product' | 'variant';
  is_visible: boolean;
  search_keywords: string;
  page_title: string;
  meta_description: string;
  custom_url: { url: string; is_customized: boolean };
  date_created: string;
  date_modified: string;
  base_variant_id: number | null;
  variants?: BcVariant[];
  images?: BcImage[];
}

export interface BcAddress {
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
  country_code: string;
  phone: string;
}

export interface BcCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  notes: string;
  accepts_product_review_abandoned_cart_emails: boolean;
  date_created: string;
  date_modified: string;
  addresses?: BcAddress[];
}

export interface BcOrderAddress {
  id?: number;
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
  shipping_method?: string;
}

export interface BcOrder {
  id: number;
  customer_id: number;
  date_created: string;
  date_modified: string;
  status_id: number;
  subtotal_ex_tax: string;
  subtotal_inc_tax: string;
  shipping_cost_ex_tax: string;
  shipping_cost_inc_tax: string;
  total_ex_tax: string;
  total_inc_tax: string;
  total_tax: string;
  discount_amount: string;
  refunded_amount: string;
  currency_code: string;
  customer_message: string;
  staff_notes: string;
  external_order_id: string | null;
  items_total: number;
  items_shipped: number;
  billing_address: BcOrderAddress;
}

export interface BcOrderProduct {
  id: number;
  product_id: number;
  variant_id: number | null;
  name: string;
  sku: string;
  quantity: number;
  quantity_shipped: number;
  price_ex_tax: string;
  price_inc_tax: string;
}

export interface BcShipment {
  id: number;
  order_address_id: number;
  date_created: string;
  tracking_number: string;
  tracking_carrier: string;
  shipping_provider: string;
  tracking_link: string;
  items: { order_product_id: number; quantity: number }[];
}

export interface BcWebhook {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
}
