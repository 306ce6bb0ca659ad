import { ConnectionRegistry } from '../../../src/config/secrets';
import { createPlatformAdapter } from '../../../src/connectors/platforms/registry';
import { entityTypes, type EntityType } from '../../../src/domain/catalog/entities';
import { platformNames } from '../../../src/domain/catalog/platforms';
import type { Connection } from '../../../src/domain/connections';
import type { Page } from '../../../src/connectors/platforms/types';
import type { CanonicalStore } from './types';

/** Reads every entity of a store through the adapter the registry builds for this connection. */
export async function readCanonical(connection: Connection): Promise<CanonicalStore> {
  const { connection: resolved, secrets } = new ConnectionRegistry({ store: connection }, {}).resolve('store', ...platformNames);
  const adapter = createPlatformAdapter(resolved, secrets);
  const store = { categories: [], products: [], customers: [], orders: [] } as CanonicalStore;
  for (const type of entityTypes) {
    let cursor: string | null = null;
    do {
      const page: Page<unknown> = await adapter.listPage(type as EntityType, cursor, 50);
      if (page.rejected.length) throw new Error(`${connection.kind} refused to read ${page.rejected.map((r) => `${r.entityType} ${r.sourceId}: ${r.reason}`).join('; ')}`);
      (store[type] as unknown[]).push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return store;
}
