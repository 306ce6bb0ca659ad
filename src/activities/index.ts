import type { ConnectionRegistry } from '../config/secrets';
import type { Connection } from '../domain/connections';
import type { Store } from '../store/database';
import { IdMapRepository } from '../store/id-map-repository';
import { MigrationReportRepository } from '../store/migration-report-repository';
import { type ConnectionProbe, createConnectionActivities } from './connections/check-connection';
import { createEspActivities, type EspActivityDeps } from './esp/esp-activities';
import { createMigrationActivities } from './migration/migration-activities';
import { createPlatformProvider, type PlatformProvider } from './migration/platform-provider';
import { createPreviewActivities } from './migration/preview-activities';
import type { ChannelSenders } from './purchase/channel-senders';
import { type ChannelConnectorFactories, createConnectorSenders } from './purchase/connector-senders';
import { createOrderSource } from './purchase/order-source';
import { createPurchaseActivities, type PurchaseActivityDeps } from './purchase/purchase-activities';
import { createReplatformActivities } from './replatform/replatform-activities';
import { SmartUpdateRepository } from '../store/replatform-smart-update-repository';

/** Everything activities need from the outside world; tests pass fakes or simulators' connections here. */
export interface ActivityDeps {
  connections: ConnectionRegistry;
  store: Store;
  probes?: Partial<Record<Connection['kind'], ConnectionProbe>>;
  /** Platform adapters by connection name; default: built from the connections' configuration. */
  platforms?: PlatformProvider;
  /** The ingress's public URL, for tracking links in alerts; default http://127.0.0.1:8080. */
  publicUrl?: string;
  /** Alert senders by connection name; default: the channel connectors built from the connections. */
  channels?: ChannelSenders;
  /** The channel connectors by kind, e.g. a web push connector that trusts a test push service's CA. */
  channelFactories?: ChannelConnectorFactories;
  fetchOrder?: PurchaseActivityDeps['fetchOrder'];
  notifyMerchant?: PurchaseActivityDeps['notifyMerchant'];
  /** ESP providers by name; default: src/connectors/esp's registry. */
  espProviders?: EspActivityDeps['providers'];
}

export function createActivities(deps: ActivityDeps) {
  const platforms = deps.platforms ?? createPlatformProvider(deps.connections);
  const publicUrl = deps.publicUrl ?? 'http://127.0.0.1:8080';
  const channels = deps.channels ?? createConnectorSenders(deps.connections, deps.channelFactories, { publicUrl });
  return {
    ...createConnectionActivities(deps),
    ...createMigrationActivities({ platforms, idMap: new IdMapRepository(deps.store), reports: new MigrationReportRepository(deps.store) }),
    ...createPreviewActivities({ platforms }),
    ...createPurchaseActivities({
      store: deps.store,
      channels,
      fetchOrder: deps.fetchOrder ?? createOrderSource(deps.connections),
      publicUrl,
      ...(deps.notifyMerchant ? { notifyMerchant: deps.notifyMerchant } : {}),
    }),
    ...createEspActivities({ connections: deps.connections, platforms, ...(deps.espProviders ? { providers: deps.espProviders } : {}) }),
    ...createReplatformActivities({ platforms, channels, publicUrl, idMap: new IdMapRepository(deps.store), runs: new SmartUpdateRepository(deps.store) }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
