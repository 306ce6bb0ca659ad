import type { ConnectionOf, SecretField } from '../../domain/connections';
import { createShopifyAdapter } from './shopify';
import { createTiendanubeOrderReader } from './tiendanube';
import { createWooCommerceAdapter } from './woocommerce';
import type { PlatformAdapter } from './types';

type Factory<K extends 'shopify' | 'woocommerce'> = (connection: ConnectionOf<K>, secrets: Partial<Record<SecretField<K>, string>>) => PlatformAdapter;

/** The one list of platform adapters: a new platform is a folder beside these and a line here. */
export const platformAdapterFactories: { shopify: Factory<'shopify'>; woocommerce: Factory<'woocommerce'> } = {
  shopify: createShopifyAdapter,
  woocommerce: createWooCommerceAdapter,
};

/**
 * Platforms read for order alerts only, where a webhook carries just the order id (Tiendanube/Nuvemshop);
 * migrations do not handle them.
 */
export const orderReaderFactories = {
  tiendanube: createTiendanubeOrderReader,
};
