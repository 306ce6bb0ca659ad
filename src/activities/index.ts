import type { ConnectionRegistry } from '../config/secrets';
import type { Store } from '../store/database';
import { type ConnectionProbe, createConnectionActivities } from './connections/check-connection';
import type { Connection } from '../domain/connections';

/** Everything activities need from the outside world; tests pass fakes or simulators' connections here. */
export interface ActivityDeps {
  connections: ConnectionRegistry;
  store: Store;
  probes?: Partial<Record<Connection['kind'], ConnectionProbe>>;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createConnectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
