import type { Rule, Shape } from './validate';

/**
 * What each write accepts, from Tiendanube's resource documentation (TiendaNube/api-docs resources/*.md):
 * the documented writable properties with their types and limits, plus the read-only ones its own PUT
 * examples send back (accepted, ignored).
 */
const ro: Rule = { kind: 'readonly' };
const str = (max?: number): Rule => ({ kind: 'string', nullable: true, ...(max ? { max } : {}) });
const dimension: Rule = { kind: 'decimal', nullable: true, positive: true };

export const variantShape: Shape = {
  price: { kind: 'decimal', nullable: true, positive: true },
  promotional_price: { kind: 'decimal', nullable: true, positive: true },
  stock_management: { kind: 'bool' },
  stock: { kind: 'int', nullable: true, min: 0 },
  weight: dimension, width: dimension, height: dimension, depth: dimension,
  sku: str(255),
  values: { kind: 'array', of: { kind: 'i18n' } },
  id: ro, product_id: ro, created_at: ro, updated_at: ro, image_id: { kind: 'int', nullable: true },
};

export const imageShape: Shape = {
  src: { kind: 'url', required: true },
  position: { kind: 'int', min: 1 },
  id: ro, product_id: ro, created_at: ro, updated_at: ro,
};

export const productShape: Shape = {
  name: { kind: 'i18n', required: true },
  description: { kind: 'i18n' },
  handle: { kind: 'i18n' },
  attributes: { kind: 'array', of: { kind: 'i18n' }, max: 3 },
  published: { kind: 'bool' },
  free_shipping: { kind: 'bool' },
  requires_shipping: { kind: 'bool' },
  brand: str(255),
  video_url: { kind: 'url', https: true, nullable: true },
  seo_title: str(70),
  seo_description: str(320),
  tags: str(),
  categories: { kind: 'array', of: { kind: 'int', min: 1 } },
  images: { kind: 'array', of: { kind: 'object', shape: { src: { kind: 'url', required: true }, position: { kind: 'int', min: 1 } } }, max: 250 },
  variants: { kind: 'array', of: { kind: 'object', shape: variantShape } },
  id: ro, created_at: ro, updated_at: ro,
};

/** PUT /products/{id} changes the product's own attributes; variants and images have their own endpoints. */
export const productUpdateShape: Shape = Object.fromEntries(Object.entries(productShape).filter(([k]) => k !== 'variants' && k !== 'images'));

export const categoryShape: Shape = {
  name: { kind: 'i18n', required: true },
  description: { kind: 'i18n' },
  handle: { kind: 'i18n' },
  parent: { kind: 'int', nullable: true, min: 1 },
  id: ro, subcategories: ro, created_at: ro, updated_at: ro,
};

const customerAddress: Shape = {
  address: str(), number: str(), floor: str(), locality: str(), zipcode: str(), city: str(), province: str(),
  country: { kind: 'string', nullable: true, pattern: /^[A-Z]{2}$/ }, phone: str(), name: str(), default: { kind: 'bool' },
  id: ro, created_at: ro, updated_at: ro,
};

export const customerShape: Shape = {
  name: { kind: 'string', required: true, max: 255 },
  email: { kind: 'email', required: true },
  phone: str(), identification: str(), note: str(),
  addresses: { kind: 'array', of: { kind: 'object', shape: customerAddress } },
  default_address: ro,
  billing_name: str(), billing_phone: str(), billing_address: str(), billing_number: str(), billing_floor: str(), billing_locality: str(),
  billing_zipcode: str(), billing_city: str(), billing_province: str(), billing_country: { kind: 'string', nullable: true, pattern: /^[A-Z]{2}$/ },
  extra: { kind: 'map', nullable: true },
  accepts_marketing: { kind: 'bool' },
  password: { kind: 'string' }, send_email_invite: { kind: 'bool' },
  id: ro, created_at: ro, updated_at: ro, total_spent: ro, total_spent_currency: ro, last_order_id: ro, active: ro, accepts_marketing_updated_at: ro,
};

const orderAddress: Shape = {
  first_name: { kind: 'string', required: true }, last_name: { kind: 'string', required: true }, address: { kind: 'string', required: true },
  number: { kind: 'string', required: true }, floor: str(), locality: str(), city: { kind: 'string', required: true },
  province: { kind: 'string', required: true }, zipcode: { kind: 'string', required: true },
  country: { kind: 'string', required: true, pattern: /^[A-Z]{2}$/ }, phone: str(),
};

/** POST /orders (resources/order.md "Create an order"): the table's parameters, its objects and value lists. */
export const orderCreateShape: Shape = {
  currency: { kind: 'string', pattern: /^[A-Z]{3}$/ },
  language: { kind: 'string', pattern: /^[a-z]{2}$/ },
  gateway: { kind: 'enum', required: true, values: ['offline', 'mercadopago', 'pagseguro', 'cielo', 'moip', 'boleto_paghiper', 'payu', 'todopago', 'not-provided'] },
  payment_status: { kind: 'enum', values: ['pending', 'authorized', 'paid', 'voided', 'refunded', 'abandoned'] },
  status: { kind: 'enum', values: ['open', 'closed', 'cancelled'] },
  fulfillment_status: { kind: 'enum', values: ['unpacked', 'fulfilled', 'unfulfilled'] },
  products: { kind: 'array', required: true, of: { kind: 'object', shape: { variant_id: { kind: 'int', required: true, min: 1 }, quantity: { kind: 'int', required: true, min: 1 }, price: { kind: 'decimal', positive: true } } } },
  total: { kind: 'decimal', positive: true },
  inventory_behaviour: { kind: 'enum', values: ['bypass', 'claim'] },
  customer: { kind: 'object', required: true, shape: { name: { kind: 'string', required: true }, email: { kind: 'email', required: true }, phone: str(), document: str() } },
  note: str(),
  billing_address: { kind: 'object', required: true, shape: orderAddress },
  shipping_address: { kind: 'object', required: true, shape: orderAddress },
  shipping_pickup_type: { kind: 'enum', required: true, values: ['ship', 'pickup'] },
  shipping: { kind: 'string', required: true },
  shipping_option: { kind: 'string', required: true },
  shipping_tracking_number: str(),
  shipping_cost_customer: { kind: 'decimal', required: true, positive: true },
  shipping_cost_owner: { kind: 'decimal', positive: true },
  send_confirmation_email: { kind: 'bool' },
  send_fulfillment_email: { kind: 'bool' },
};

/** PUT /orders/{id}: "just owner_note for now", and the status word its example sends ("paid"). */
export const orderUpdateShape: Shape = {
  owner_note: str(),
  status: { kind: 'enum', values: ['paid'] },
};

export const fulfillShape: Shape = {
  shipping_tracking_number: str(), shipping_tracking_url: { kind: 'url', nullable: true }, notify_customer: { kind: 'bool' },
};

export const cancelShape: Shape = {
  reason: { kind: 'enum', values: ['customer', 'inventory', 'fraud', 'other'] }, email: { kind: 'bool' }, restock: { kind: 'bool' },
};

const identifier = /^[A-Za-z][A-Za-z0-9_]*$/;
export const metafieldShape: Shape = {
  key: { kind: 'string', required: true, pattern: identifier, max: 255 },
  value: { kind: 'string', required: true },
  namespace: { kind: 'string', required: true, pattern: identifier, max: 255 },
  description: str(),
  // The documentation's own example sends owner_id as a string of digits.
  owner_id: { kind: 'int', required: true, min: 1, numericString: true },
  owner_resource: { kind: 'enum', required: true, values: ['Product', 'Product_Variant', 'Category', 'Page', 'Order', 'Customer'] },
};

export const metafieldUpdateShape: Shape = { value: { kind: 'string', required: true }, description: str(), id: ro };

export const webhookShape: Shape = {
  event: { kind: 'string', required: true, pattern: /^[a-z_]+\/[a-z_]+$/ },
  url: { kind: 'url', https: true, required: true },
};
