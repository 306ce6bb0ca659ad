import type { Platform } from '../../../domain/catalog/platforms';

/** How Klaviyo names each platform's built-in integration (the metric's `integration.name` and `key`). */
export const klaviyoIntegrationOf: Record<Platform, { key: string; name: string }> = {
  shopify: { key: 'shopify', name: 'Shopify' },
  woocommerce: { key: 'woocommerce', name: 'WooCommerce' },
  bigcommerce: { key: 'bigcommerce', name: 'BigCommerce' },
  // Klaviyo lists no built-in Tiendanube integration: its events come from a partner app, under this name.
  tiendanube: { key: 'tiendanube', name: 'Tiendanube' },
};

/** The e-commerce metrics an integration fills; the seed names them, both integrations use these names. */
export const commerceMetricNames = ['Placed Order', 'Started Checkout', 'Ordered Product', 'Viewed Product', 'Active on Site'] as const;
export type CommerceMetricName = (typeof commerceMetricNames)[number];

/** Metrics that say onsite tracking works (Klaviyo's "onsite tracking" is these two). */
export const onsiteMetricNames: readonly CommerceMetricName[] = ['Active on Site', 'Viewed Product'];
/** Metrics that say the new store's orders and checkouts arrive. */
export const syncMetricNames: readonly CommerceMetricName[] = ['Placed Order', 'Started Checkout'];
