import type { WooMeta } from './wire';

/**
 * Meta keys Cutover reads and writes where WooCommerce has no field of its own. Keys starting with "_" are
 * hidden from the WordPress admin's custom fields box.
 */
export const metaKeys = {
  // Orders: the source's number and id (the natural key findExisting looks up), its creation time, history.
  sourceNumber: '_cutover_source_number',
  sourceId: '_cutover_source_id',
  sourceCreatedAt: '_cutover_source_created_at',
  sourceCustomerId: '_cutover_source_customer_id',
  statusHistory: '_cutover_status_history',
  discountCodes: '_cutover_discount_codes',
  // Fee lines that carry what WooCommerce's REST API cannot create: lines of products not on the target,
  // tax lines (read-only in the API), order-level discounts and a rounding adjustment.
  feeLineItem: '_cutover_line_item',
  feeTax: '_cutover_tax_line',
  feeDiscount: '_cutover_discount',
  feeAdjustment: '_cutover_adjustment',
  // Shipment tracking: the keys of the WooCommerce Shipment Tracking extension and the common single keys.
  trackingItems: '_wc_shipment_tracking_items',
  trackingNumber: '_tracking_number',
  trackingProvider: '_tracking_provider',
  trackingUrl: '_tracking_url',
  dateShipped: '_date_shipped',
  // Customers: WooCommerce has no marketing consent, tags or note of its own.
  emailConsent: '_cutover_email_marketing_consent',
  emailConsentAt: '_cutover_email_marketing_consent_at',
  smsConsent: '_cutover_sms_marketing_consent',
  smsConsentAt: '_cutover_sms_marketing_consent_at',
  customerTags: '_cutover_tags',
  customerNote: '_cutover_note',
  extraAddresses: '_cutover_extra_addresses',
  // Products: vendor and type, and the SEO fields of Yoast SEO (read from Rank Math too).
  vendor: '_cutover_vendor',
  productType: '_cutover_product_type',
  seoTitle: '_yoast_wpseo_title',
  seoDescription: '_yoast_wpseo_metadesc',
  rankMathTitle: 'rank_math_title',
  rankMathDescription: 'rank_math_description',
} as const;

export function metaValue(meta: readonly WooMeta[] | undefined, key: string): unknown {
  return meta?.find((m) => m.key === key)?.value;
}

export function metaString(meta: readonly WooMeta[] | undefined, key: string): string | null {
  const value = metaValue(meta, key);
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A JSON value Cutover stored as a string (WordPress keeps arrays as serialized PHP, strings survive as is). */
export function metaJson(meta: readonly WooMeta[] | undefined, key: string): unknown {
  const value = metaValue(meta, key);
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** Meta entries to write; an absent value is written empty, so an update clears what was there before. */
export function metaEntries(values: Record<string, string | null>): { key: string; value: string }[] {
  return Object.entries(values).map(([key, value]) => ({ key, value: value ?? '' }));
}
