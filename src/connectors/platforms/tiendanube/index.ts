import type { ConnectionOf } from '../../../domain/connections';
import type { OrderSnapshot } from '../../../domain/purchase/events';
import { PlatformError } from '../errors';
import { TiendanubeAdapter } from './adapter';
import { TiendanubeClient } from './client';
import { ORDER_FIELDS, toOrderSnapshot } from './orders';

export { TiendanubeAdapter } from './adapter';
export { DEFAULT_USER_AGENT, rateLimitOf, TiendanubeClient, waitForOneSlotMs, type RateLimit } from './client';
export { ORDER_FIELDS, toOrderSnapshot } from './orders';

/** What the purchase alerts read from a Tiendanube store: one order by id. */
export interface TiendanubeOrderReader {
  /** The order as the alerts see it; a PlatformError when it cannot be read (404 and 401 permanent, 429/5xx retryable). */
  getOrder(orderId: string): Promise<OrderSnapshot>;
}

export interface TiendanubeReaderOptions {
  timeoutMs?: number;
}

function clientFor(connection: ConnectionOf<'tiendanube'>, secrets: { accessToken?: string }, options: TiendanubeReaderOptions): TiendanubeClient {
  if (!secrets.accessToken) throw new PlatformError(`the Tiendanube connection of store ${connection.storeId} has no access token`, false);
  return new TiendanubeClient({
    storeId: connection.storeId,
    accessToken: secrets.accessToken,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.userAgent ? { userAgent: connection.userAgent } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

/** A read-only Tiendanube/Nuvemshop adapter for orders; the access token comes resolved in `secrets`. */
export function createTiendanubeOrderReader(
  connection: ConnectionOf<'tiendanube'>,
  secrets: { accessToken?: string },
  options: TiendanubeReaderOptions = {},
): TiendanubeOrderReader {
  const client = clientFor(connection, secrets, options);
  return {
    async getOrder(orderId) {
      if (!/^\d+$/.test(orderId)) throw new PlatformError(`Tiendanube order ids are numeric; got "${orderId}"`, false);
      const order = await client.get<Record<string, unknown>>(`/orders/${orderId}`, { fields: ORDER_FIELDS.join(',') });
      return toOrderSnapshot(order);
    },
  };
}

/**
 * The migration adapter for a Tiendanube/Nuvemshop store (Nuvemshop's stores: endpoint
 * https://api.nuvemshop.com.br); one per connection, so its pacing against the store's bucket is shared.
 */
export function createTiendanubeAdapter(connection: ConnectionOf<'tiendanube'>, secrets: { accessToken?: string }, options: TiendanubeReaderOptions = {}): TiendanubeAdapter {
  return new TiendanubeAdapter(clientFor(connection, secrets, options));
}
