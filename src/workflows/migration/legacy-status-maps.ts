/**
 * The order-status maps fullMigration resolved itself before each platform's descriptor carried its own
 * (the preflight activity now returns the map). Kept only so that a run whose preflight was recorded before
 * that change replays and goes on with the same map; new runs never read it. Remove once no such run is open.
 */
const woocommerce = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'];
const shopify = ['pending', 'authorized', 'paid', 'partially_paid', 'fulfilled', 'partially_fulfilled', 'refunded', 'partially_refunded', 'voided', 'cancelled'];
const vocabulary: Record<string, string[]> = { woocommerce, shopify };

const maps: Record<string, Record<string, string>> = {
  'woocommerce->shopify': {
    pending: 'pending', 'on-hold': 'pending', processing: 'paid', completed: 'fulfilled',
    cancelled: 'cancelled', refunded: 'refunded', failed: 'voided', 'checkout-draft': 'pending',
  },
  'shopify->woocommerce': {
    pending: 'pending', authorized: 'on-hold', paid: 'processing', partially_paid: 'on-hold', fulfilled: 'completed',
    partially_fulfilled: 'processing', refunded: 'refunded', partially_refunded: 'processing', voided: 'cancelled', cancelled: 'cancelled',
  },
  'woocommerce->woocommerce': Object.fromEntries(woocommerce.map((s) => [s, s])),
  'shopify->shopify': Object.fromEntries(shopify.map((s) => [s, s])),
};

export function legacyOrderStatusMap(source: string, target: string, overrides: Record<string, string>): { map: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  for (const [from, to] of Object.entries(overrides)) {
    if (!vocabulary[source]?.includes(from)) problems.push(`statusMap.${from}: "${from}" is not a ${source} order status (known: ${(vocabulary[source] ?? []).join(', ')})`);
    if (!vocabulary[target]?.includes(to)) problems.push(`statusMap.${from}: "${to}" is not a ${target} order status (known: ${(vocabulary[target] ?? []).join(', ')})`);
  }
  return { map: { ...maps[`${source}->${target}`], ...overrides }, problems };
}
