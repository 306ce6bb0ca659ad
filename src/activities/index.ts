import type { ConnectionRegistry } from '../config/secrets';
import type { Connection } from '../domain/connections';
import type { Store } from '../store/database';
import { IdMapRepository } from '../store/id-map-repository';
import { MigrationReportRepository } from '../store/migration-report-repository';
import { type ConnectionProbe, createConnectionActivities } from './connections/check-connection';
import { createMigrationActivities } from './migration/migration-activities';
import { createPlatformProvider, type PlatformProvider } from './migration/platform-provider';

/** Everything activities need from the outside world; tests pass fakes or simulators' connections here. */
export interface ActivityDeps {
  connections: ConnectionRegistry;
  store: Store;
  probes?: Partial<Record<Connection['kind'], ConnectionProbe>>;
  /** Platform adapters by connection name; default: built from the connections' configuration. */
  platforms?: PlatformProvider;
}

export function createActivities(deps: ActivityDeps) {
  const platforms = deps.platforms ?? createPlatformProvider(deps.connections);
  return {
    ...createConnectionActivities(deps),
    ...createMigrationActivities({ platforms, idMap: new IdMapRepository(deps.store), reports: new MigrationReportRepository(deps.store) }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
