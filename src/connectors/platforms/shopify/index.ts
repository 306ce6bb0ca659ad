import type { ConnectionOf } from '../../../domain/connections';
import { PlatformError } from '../errors';
import { ShopifyAdapter } from './adapter';
import { ShopifyGraphqlClient, type ShopifyClientOptions } from './graphql-client';

export { ShopifyAdapter } from './adapter';
export { ShopifyGraphqlClient, type ShopifyClientOptions } from './graphql-client';
export { CostPacer, pacerFor, type ThrottleStatus } from './pacer';

export type ShopifyAdapterTuning = Pick<ShopifyClientOptions, 'timeoutMs' | 'maxThrottleRetries' | 'pacer'>;

/** The Shopify adapter for a configured connection; secrets are resolved by the caller (an activity). */
export function createShopifyAdapter(connection: ConnectionOf<'shopify'>, secrets: { accessToken?: string }, tuning: ShopifyAdapterTuning = {}): ShopifyAdapter {
  if (!secrets.accessToken) throw new PlatformError(`Shopify connection ${connection.shopDomain} has no access token`, false);
  return new ShopifyAdapter(new ShopifyGraphqlClient({
    shopDomain: connection.shopDomain,
    apiVersion: connection.apiVersion,
    accessToken: secrets.accessToken,
    endpoint: connection.endpoint,
    ...tuning,
  }));
}
