import { ApplicationFailure } from '@temporalio/activity';
import type { ConnectionRegistry } from '../../config/secrets';
import type { OrderSnapshot } from '../../domain/purchase/events';

/**
 * Where the order comes from when a webhook carries only its id (Tiendanube/Nuvemshop). There is no
 * Tiendanube adapter yet, so such an order is a clear, permanent failure naming what is missing rather
 * than retries that cannot succeed; Shopify and WooCommerce webhooks carry the order and never get here.
 */
export function createOrderSource(connections: ConnectionRegistry): (store: string, orderId: string) => Promise<OrderSnapshot | null> {
  return async (store) => {
    let kind: string;
    try {
      kind = connections.get(store).kind;
    } catch (err) {
      throw ApplicationFailure.nonRetryable(err instanceof Error ? err.message : String(err), 'NoOrderSource');
    }
    throw ApplicationFailure.nonRetryable(
      kind === 'tiendanube'
        ? `store "${store}" is on Tiendanube, whose webhooks carry only the order id, and Cutover has no Tiendanube adapter to fetch orders yet`
        : `store "${store}" (${kind}) sent an event without the order, and orders are not fetched from ${kind}`,
      'NoOrderSource',
    );
  };
}
