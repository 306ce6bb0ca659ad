// Every workflow the worker registers; the Temporal bundler starts from this file.
export { checkConnections } from './connections/check-connections';
export { espDailyFeed } from './esp/daily-feed';
export { espHandoff } from './esp/esp-handoff';
export { fullMigration } from './migration/full-migration';
export { orderLifecycle } from './purchase/order-lifecycle';
export { purgeCommunicationLog } from './purchase/purge-communication-log';
export { replatform } from './replatform/replatform';
