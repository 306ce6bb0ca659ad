import { ApplicationFailure } from '@temporalio/activity';
import type { ConnectionRegistry } from '../../config/secrets';
import { PlatformError } from '../../connectors/platforms/errors';
import { createOrderReader } from '../../connectors/platforms';
import type { OrderReader } from '../../connectors/platforms/types';
import type { OrderSnapshot } from '../../domain/purchase/events';

/** Builds the order reader of a store's connection, or null when its platform has none (the registry's, by default). */
export type OrderReaderFactory = typeof createOrderReader;

/**
 * Where the order comes from when a webhook carries only its id (Tiendanube/Nuvemshop): the platform's read
 * adapter, one per connection for the life of the worker. A missing order, a revoked token or a store of
 * another kind is a permanent failure naming its reason (the workflow shows it as the order's fetchError);
 * throttling and outages are thrown retryable, after the platform's own wait when it gave one.
 */
export function createOrderSource(connections: ConnectionRegistry, factory: OrderReaderFactory = createOrderReader): (store: string, orderId: string) => Promise<OrderSnapshot | null> {
  const readers = new Map<string, OrderReader>();

  function reader(store: string): OrderReader {
    const cached = readers.get(store);
    if (cached) return cached;
    const kind = connections.get(store).kind;
    const { connection, secrets } = connections.resolve(store);
    const created = factory(connection, secrets);
    if (!created) throw new PlatformError(`store "${store}" (${kind}) sent an event without the order, and orders are not fetched from ${kind}`, false);
    readers.set(store, created);
    return created;
  }

  return async (store, orderId) => {
    try {
      return await reader(store).getOrder(orderId);
    } catch (err) {
      if (err instanceof PlatformError && err.retryable) {
        throw ApplicationFailure.create({
          message: err.message, type: err.name, nonRetryable: false,
          ...(err.retryAfterMs !== null ? { nextRetryDelay: err.retryAfterMs } : {}),
        });
      }
      // Everything else (bad credentials, 404, no such connection, an unresolvable secret) cannot get better by waiting.
      throw ApplicationFailure.nonRetryable(err instanceof Error ? err.message : String(err), err instanceof Error ? err.name : 'NoOrderSource');
    }
  };
}
