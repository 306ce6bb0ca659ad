import type { ConnectionOf } from '../../../domain/connections';
import type { OrderSnapshot } from '../../../domain/purchase/events';
import { PlatformError } from '../errors';
import { TiendanubeClient } from './client';
import { ORDER_FIELDS, toOrderSnapshot } from './orders';

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

/** A read-only Tiendanube/Nuvemshop adapter for orders; the access token comes resolved in `secrets`. */
export function createTiendanubeOrderReader(
  connection: ConnectionOf<'tiendanube'>,
  secrets: { accessToken?: string },
  options: TiendanubeReaderOptions = {},
): TiendanubeOrderReader {
  if (!secrets.accessToken) throw new PlatformError(`the Tiendanube connection of store ${connection.storeId} has no access token`, false);
  const client = new TiendanubeClient({
    storeId: connection.storeId,
    accessToken: secrets.accessToken,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.userAgent ? { userAgent: connection.userAgent } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return {
    async getOrder(orderId) {
      if (!/^\d+$/.test(orderId)) throw new PlatformError(`Tiendanube order ids are numeric; got "${orderId}"`, false);
      const order = await client.get<Record<string, unknown>>(`/orders/${orderId}`, { fields: ORDER_FIELDS.join(',') });
      return toOrderSnapshot(order);
    },
  };
}
