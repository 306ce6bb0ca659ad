/**
 * The platforms' webhook senders: what Shopify, WooCommerce and Tiendanube POST to a webhook endpoint
 * (headers, signature, body bytes, delivery and event ids) and which answers each counts as received.
 * Written from each vendor's documentation or source, sharing nothing with the ingress they exercise.
 */
export { jsonWithBigIntegers, type WebhookDelivery } from './delivery';
export { SHOPIFY_RETRIES, ShopifyWebhookSender, type ShopifySendOptions, type ShopifyWebhookSenderOptions } from './shopify';
export { TIENDANUBE_RETRIES, TiendanubeWebhookSender, type TiendanubeWebhookSenderOptions } from './tiendanube';
export { phpJsonEncode, WooCommerceWebhookSender, type WooCommerceWebhookSenderOptions } from './woocommerce';
