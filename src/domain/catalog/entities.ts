import { z } from 'zod';

/**
 * Cutover's canonical store model: every platform adapter maps its API's shapes to and from these.
 * Every entity keeps the id it has on the store it was read from (`sourceId`). Money is a decimal string
 * ("19.90"): floating point would lose cents on the round trip. Optional fields stay optional: a store that
 * never set a vendor has none, and the target must not invent one.
 */
export const moneySchema = z.string().regex(/^-?\d+(\.\d{1,4})?$/, 'a decimal amount such as "19.90"');
export type Money = z.infer<typeof moneySchema>;

const isoDate = z.iso.datetime({ offset: true });
const sourceId = z.string().min(1);

export const categorySchema = z.object({
  sourceId,
  name: z.string().min(1),
  handle: z.string().min(1),
  descriptionHtml: z.string().default(''),
  /** Null for a top-level category: the tree is rebuilt from these links in dependency order. */
  parentSourceId: z.string().nullable().default(null),
  position: z.number().int().nonnegative().default(0),
});
export type Category = z.infer<typeof categorySchema>;

export const imageSchema = z.object({
  url: z.url(),
  alt: z.string().nullable().default(null),
  position: z.number().int().nonnegative(),
});

export const stockStatusSchema = z.enum(['in_stock', 'out_of_stock', 'backorder']);

export const weightSchema = z.object({ value: z.number().nonnegative(), unit: z.enum(['kg', 'g', 'lb', 'oz']) });

export const variantSchema = z.object({
  sourceId,
  sku: z.string().nullable().default(null),
  /** Option values in the order of the product's options ("Red", "M"); empty for a single-variant product. */
  optionValues: z.array(z.string()).default([]),
  price: moneySchema,
  compareAtPrice: moneySchema.nullable().default(null),
  weight: weightSchema.nullable().default(null),
  /** Null when the store does not track inventory for this variant. */
  inventoryQuantity: z.number().int().nullable().default(null),
  stockStatus: stockStatusSchema.default('in_stock'),
});
export type Variant = z.infer<typeof variantSchema>;

export const productSchema = z.object({
  sourceId,
  title: z.string().min(1),
  descriptionHtml: z.string().default(''),
  vendor: z.string().nullable().default(null),
  productType: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  status: z.enum(['active', 'draft', 'archived']).default('active'),
  handle: z.string().min(1),
  seoTitle: z.string().nullable().default(null),
  seoDescription: z.string().nullable().default(null),
  categorySourceIds: z.array(z.string()).default([]),
  images: z.array(imageSchema).default([]),
  options: z.array(z.object({ name: z.string().min(1), values: z.array(z.string()).min(1) })).default([]),
  variants: z.array(variantSchema).min(1, 'a product has at least one variant'),
  createdAt: isoDate.nullable().default(null),
  updatedAt: isoDate.nullable().default(null),
});
export type Product = z.infer<typeof productSchema>;

export const addressSchema = z.object({
  firstName: z.string().nullable().default(null),
  lastName: z.string().nullable().default(null),
  company: z.string().nullable().default(null),
  address1: z.string().nullable().default(null),
  address2: z.string().nullable().default(null),
  city: z.string().nullable().default(null),
  province: z.string().nullable().default(null),
  countryCode: z.string().length(2).nullable().default(null),
  zip: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
});
export type Address = z.infer<typeof addressSchema>;

/** Marketing consent for one channel, with when it was given or withdrawn (Omnisend and Klaviyo need the date). */
export const consentSchema = z.object({
  state: z.enum(['subscribed', 'unsubscribed', 'not_subscribed', 'pending']),
  changedAt: isoDate.nullable().default(null),
});
export type Consent = z.infer<typeof consentSchema>;

export const customerSchema = z.object({
  sourceId,
  email: z.email().nullable().default(null),
  phone: z.string().nullable().default(null),
  firstName: z.string().nullable().default(null),
  lastName: z.string().nullable().default(null),
  addresses: z.array(addressSchema).default([]),
  tags: z.array(z.string()).default([]),
  emailMarketing: consentSchema.default({ state: 'not_subscribed', changedAt: null }),
  smsMarketing: consentSchema.default({ state: 'not_subscribed', changedAt: null }),
  note: z.string().nullable().default(null),
  createdAt: isoDate.nullable().default(null),
  updatedAt: isoDate.nullable().default(null),
});
export type Customer = z.infer<typeof customerSchema>;

export const lineItemSchema = z.object({
  /** Null when the product was deleted on the source: the order keeps the line by name, SKU and price. */
  productSourceId: z.string().nullable().default(null),
  variantSourceId: z.string().nullable().default(null),
  sku: z.string().nullable().default(null),
  name: z.string().min(1),
  quantity: z.number().int().positive(),
  price: moneySchema,
  totalDiscount: moneySchema.default('0'),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const orderStatusSchema = z.enum(['pending', 'on_hold', 'processing', 'completed', 'cancelled', 'refunded', 'failed']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const shipmentSchema = z.object({
  carrier: z.string().nullable().default(null),
  trackingNumber: z.string().nullable().default(null),
  trackingUrl: z.string().nullable().default(null),
  shippedAt: isoDate.nullable().default(null),
});
export type Shipment = z.infer<typeof shipmentSchema>;

export const orderSchema = z.object({
  sourceId,
  number: z.string().min(1),
  /** Null for a guest order. */
  customerSourceId: z.string().nullable().default(null),
  email: z.email().nullable().default(null),
  lineItems: z.array(lineItemSchema).default([]),
  billingAddress: addressSchema.nullable().default(null),
  shippingAddress: addressSchema.nullable().default(null),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
  subtotal: moneySchema,
  discountTotal: moneySchema.default('0'),
  discountCodes: z.array(z.string()).default([]),
  shippingLines: z.array(z.object({ title: z.string(), price: moneySchema })).default([]),
  /** `rate` is a fraction of the taxed price (0.21 for 21 %), as Shopify reads it; WooCommerce's percent is converted at its reader. */
  taxLines: z.array(z.object({ title: z.string(), rate: z.number().min(0).max(1, 'a fraction (0.21 for 21 %), not a percentage'), price: moneySchema })).default([]),
  totalTax: moneySchema.default('0'),
  total: moneySchema,
  financialStatus: z.enum(['pending', 'authorized', 'paid', 'partially_paid', 'refunded', 'partially_refunded', 'voided']),
  fulfillmentStatus: z.enum(['unfulfilled', 'partial', 'fulfilled']),
  /** The platform's own status word ("processing", "on-hold"...): the key of the order-status map. */
  sourceStatus: z.string().min(1),
  statusHistory: z.array(z.object({ status: z.string(), at: isoDate, note: z.string().nullable().default(null) })).default([]),
  shipments: z.array(shipmentSchema).default([]),
  note: z.string().nullable().default(null),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Order = z.infer<typeof orderSchema>;

export const entityTypes = ['categories', 'products', 'customers', 'orders'] as const;
export const entityTypeSchema = z.enum(entityTypes);
export type EntityType = z.infer<typeof entityTypeSchema>;

export interface EntityOf {
  categories: Category;
  products: Product;
  customers: Customer;
  orders: Order;
}

export const entitySchemas = {
  categories: categorySchema,
  products: productSchema,
  customers: customerSchema,
  orders: orderSchema,
} as const;
