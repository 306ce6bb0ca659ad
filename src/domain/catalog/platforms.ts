import { z } from 'zod';

export const platformSchema = z.enum(['woocommerce', 'shopify']);
export type Platform = z.infer<typeof platformSchema>;

/**
 * Each platform's own order-status words, and the default map between every pair. A migration's input may
 * override single entries; a map whose source words or target words the platforms don't know is rejected.
 */
export const orderStatusVocabulary: Record<Platform, readonly string[]> = {
  woocommerce: ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'],
  // Shopify has no single status: the adapter writes financial status, fulfilment status and cancellation.
  shopify: ['pending', 'authorized', 'paid', 'partially_paid', 'fulfilled', 'partially_fulfilled', 'refunded', 'partially_refunded', 'voided', 'cancelled'],
};

export const defaultOrderStatusMaps: Record<`${Platform}->${Platform}`, Record<string, string>> = {
  'woocommerce->shopify': {
    pending: 'pending', 'on-hold': 'pending', processing: 'paid', completed: 'fulfilled',
    cancelled: 'cancelled', refunded: 'refunded', failed: 'voided', 'checkout-draft': 'pending',
  },
  'shopify->woocommerce': {
    pending: 'pending', authorized: 'on-hold', paid: 'processing', partially_paid: 'on-hold', fulfilled: 'completed',
    partially_fulfilled: 'processing', refunded: 'refunded', partially_refunded: 'processing', voided: 'cancelled', cancelled: 'cancelled',
  },
  'woocommerce->woocommerce': Object.fromEntries(['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'].map((s) => [s, s])),
  'shopify->shopify': Object.fromEntries(['pending', 'authorized', 'paid', 'partially_paid', 'fulfilled', 'partially_fulfilled', 'refunded', 'partially_refunded', 'voided', 'cancelled'].map((s) => [s, s])),
};

/** The default map for a pair with the input's overrides on top; each unknown word is one problem. */
export function resolveOrderStatusMap(source: Platform, target: Platform, overrides: Record<string, string> = {}): { map: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  for (const [from, to] of Object.entries(overrides)) {
    if (!orderStatusVocabulary[source].includes(from)) problems.push(`statusMap.${from}: "${from}" is not a ${source} order status (known: ${orderStatusVocabulary[source].join(', ')})`);
    if (!orderStatusVocabulary[target].includes(to)) problems.push(`statusMap.${from}: "${to}" is not a ${target} order status (known: ${orderStatusVocabulary[target].join(', ')})`);
  }
  return { map: { ...defaultOrderStatusMaps[`${source}->${target}`], ...overrides }, problems };
}
