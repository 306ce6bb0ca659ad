import type { ConnectionOf, SecretField } from '../../domain/connections';
import { createShopifyAdapter } from './shopify';
import { createWooCommerceAdapter } from './woocommerce';
import type { PlatformAdapter } from './types';

type Factory<K extends 'shopify' | 'woocommerce'> = (connection: ConnectionOf<K>, secrets: Partial<Record<SecretField<K>, string>>) => PlatformAdapter;

/** The one list of platform adapters: a new platform is a folder beside these and a line here. */
export const platformAdapterFactories: { shopify: Factory<'shopify'>; woocommerce: Factory<'woocommerce'> } = {
  shopify: createShopifyAdapter,
  woocommerce: createWooCommerceAdapter,
};
