import type { ConnectionRegistry } from '../../config/secrets';
import type { PlatformAdapter } from '../../connectors/platforms/types';
import { createPlatformAdapter } from '../../connectors/platforms';
import { platformNames } from '../../domain/catalog/platforms';

/** Gives activities the adapter for a named connection; tests may pass their own. */
export type PlatformProvider = (connectionName: string) => PlatformAdapter;

/**
 * Adapters built from configuration through the platform registry, one per connection for the life of the
 * worker, so rate-limit pacing (Shopify's and Tiendanube's leaky buckets) is shared by every activity that
 * talks to the same store.
 */
export function createPlatformProvider(connections: ConnectionRegistry): PlatformProvider {
  const adapters = new Map<string, PlatformAdapter>();
  return (name) => {
    const cached = adapters.get(name);
    if (cached) return cached;
    const { connection, secrets } = connections.resolve(name, ...platformNames);
    const adapter = createPlatformAdapter(connection, secrets);
    adapters.set(name, adapter);
    return adapter;
  };
}
