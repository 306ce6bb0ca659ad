import type { Platform } from '../../../domain/catalog/platforms';

/**
 * Template tags differ per integration: the same abandoned-cart email reads `event.extra.line_items` on
 * Shopify and `event.Items` on WooCommerce. One row per concept, grouped by the flows that use it (the
 * seed's list: abandoned cart, post-purchase, new-customer and repeat-customer thank-you, review /
 * cross-sell). Property names as each integration's event payloads carry them.
 */
export interface TagRow { flows: string; concept: string; tags: Record<TaggedPlatform, string> }

/**
 * The platforms whose Klaviyo integration's event properties this table holds. A template moving from or to
 * another platform is left as it is, every tag of it for a person to check.
 */
export type TaggedPlatform = 'shopify' | 'woocommerce';
function isTagged(platform: Platform): platform is TaggedPlatform {
  return platform === 'shopify' || platform === 'woocommerce';
}

export const templateTagTable: readonly TagRow[] = [
  { flows: 'abandoned cart', concept: 'checkout link', tags: { shopify: 'event.extra.checkout_url', woocommerce: 'event.CheckoutURL' } },
  { flows: 'abandoned cart', concept: 'cart lines', tags: { shopify: 'event.extra.line_items', woocommerce: 'event.Items' } },
  { flows: 'abandoned cart', concept: 'item names', tags: { shopify: 'event.extra.line_items|map:"title"', woocommerce: 'event.ItemNames' } },
  { flows: 'abandoned cart, cross-sell', concept: 'line title', tags: { shopify: 'item.product.title', woocommerce: 'item.ProductName' } },
  { flows: 'abandoned cart, cross-sell', concept: 'line image', tags: { shopify: 'item.product.images.0.src', woocommerce: 'item.ImageURL' } },
  { flows: 'abandoned cart, cross-sell', concept: 'line product link', tags: { shopify: 'item.product.url', woocommerce: 'item.ProductURL' } },
  { flows: 'abandoned cart, post-purchase', concept: 'line quantity', tags: { shopify: 'item.quantity', woocommerce: 'item.Quantity' } },
  { flows: 'abandoned cart, post-purchase', concept: 'line price', tags: { shopify: 'item.line_price', woocommerce: 'item.RowTotal' } },
  { flows: 'post-purchase, thank-you', concept: 'order lines', tags: { shopify: 'event.extra.line_items', woocommerce: 'event.Items' } },
  { flows: 'post-purchase, thank-you', concept: 'order number', tags: { shopify: 'event.extra.order_number', woocommerce: 'event.OrderId' } },
  { flows: 'post-purchase, thank-you', concept: 'order status link', tags: { shopify: 'event.extra.order_status_url', woocommerce: 'event.OrderURL' } },
  { flows: 'post-purchase', concept: 'discount codes', tags: { shopify: 'event.extra.discount_codes', woocommerce: 'event.DiscountCodes' } },
  { flows: 'thank-you (new / repeat customer)', concept: 'first name', tags: { shopify: 'event.extra.customer.first_name', woocommerce: 'event.BillingAddress.FirstName' } },
  { flows: 'review / cross-sell', concept: 'product id', tags: { shopify: 'event.ProductID', woocommerce: 'event.ProductID' } },
  { flows: 'review / cross-sell', concept: 'product name', tags: { shopify: 'event.Name', woocommerce: 'event.ProductName' } },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface TagRewrite { html: string; replaced: number; leftovers: string[] }

/**
 * Rewrites the old platform's tags inside `{{ }}` and `{% %}` blocks. Longer tags first so
 * `event.extra.line_items|map:"title"` is not half-replaced by `event.extra.line_items`. A tag that
 * still names an old-platform-only path afterwards is returned as a leftover for a person to check.
 */
export function rewriteTemplateTags(html: string, from: Platform, to: Platform): TagRewrite {
  if (from === to) return { html, replaced: 0, leftovers: [] };
  if (!isTagged(from) || !isTagged(to)) {
    const tags = [...new Set([...html.matchAll(/(\{\{[^}]*\}\}|\{%[^%]*%\})/g)].flatMap((m) => m[0].match(/\bevent\.[\w.]+/g) ?? []))];
    return { html, replaced: 0, leftovers: tags };
  }
  const rows = [...templateTagTable].filter((r) => r.tags[from] !== r.tags[to]).sort((a, b) => b.tags[from].length - a.tags[from].length);
  let replaced = 0;
  const out = html.replace(/(\{\{[^}]*\}\}|\{%[^%]*%\})/g, (block) => {
    let next = block;
    for (const row of rows) {
      const pattern = new RegExp(`(?<![\\w.])${escape(row.tags[from])}(?![\\w])`, 'g');
      next = next.replace(pattern, () => { replaced += 1; return row.tags[to]; });
    }
    return next;
  });
  // Event paths the new platform does not send: Shopify's live under event.extra, WooCommerce's are PascalCase at the top.
  const known = new Set(templateTagTable.map((r) => r.tags[to].split('|')[0]));
  const foreign = to === 'woocommerce' ? /\bevent\.extra\.[\w.]+/g : /\bevent\.(?!extra\.)[A-Z][\w.]*/g;
  const leftovers = [...new Set([...out.matchAll(/(\{\{[^}]*\}\}|\{%[^%]*%\})/g)].flatMap((m) => (m[0].match(foreign) ?? [])).filter((tag) => !known.has(tag)))];
  return { html: out, replaced, leftovers };
}
