// Every workflow the worker registers; the Temporal bundler starts from this file.
//
// Each workflow's module is required on its first call rather than imported here: the SDK evaluates the
// modules a workflow loads once for every workflow run, so importing all of them at the top made each order's
// workflow build zod and the schemas of migrations, re-platforms and ESP handoffs as well (measured: about
// 5 MB and 40 ms per open workflow; orders are thousands at once, re-platforms a handful).
/* eslint-disable @typescript-eslint/no-require-imports -- workflow modules load on first call, see above */
import type * as CheckConnections from './connections/check-connections';
import type * as DailyFeed from './esp/daily-feed';
import type * as EspHandoff from './esp/esp-handoff';
import type * as FullMigration from './migration/full-migration';
import type * as OrderLifecycle from './purchase/order-lifecycle';
import type * as PreviewMigration from './migration/preview-migration';
import type * as PurgeCommunicationLog from './purchase/purge-communication-log';
import type * as Replatform from './replatform/replatform';

export function checkConnections(...args: Parameters<typeof CheckConnections.checkConnections>): ReturnType<typeof CheckConnections.checkConnections> {
  return (require('./connections/check-connections') as typeof CheckConnections).checkConnections(...args);
}

export function espDailyFeed(...args: Parameters<typeof DailyFeed.espDailyFeed>): ReturnType<typeof DailyFeed.espDailyFeed> {
  return (require('./esp/daily-feed') as typeof DailyFeed).espDailyFeed(...args);
}

export function espHandoff(...args: Parameters<typeof EspHandoff.espHandoff>): ReturnType<typeof EspHandoff.espHandoff> {
  return (require('./esp/esp-handoff') as typeof EspHandoff).espHandoff(...args);
}

export function fullMigration(...args: Parameters<typeof FullMigration.fullMigration>): ReturnType<typeof FullMigration.fullMigration> {
  return (require('./migration/full-migration') as typeof FullMigration).fullMigration(...args);
}

export function orderLifecycle(...args: Parameters<typeof OrderLifecycle.orderLifecycle>): ReturnType<typeof OrderLifecycle.orderLifecycle> {
  return (require('./purchase/order-lifecycle') as typeof OrderLifecycle).orderLifecycle(...args);
}

export function previewMigration(...args: Parameters<typeof PreviewMigration.previewMigration>): ReturnType<typeof PreviewMigration.previewMigration> {
  return (require('./migration/preview-migration') as typeof PreviewMigration).previewMigration(...args);
}

export function purgeCommunicationLog(...args: Parameters<typeof PurgeCommunicationLog.purgeCommunicationLog>): ReturnType<typeof PurgeCommunicationLog.purgeCommunicationLog> {
  return (require('./purchase/purge-communication-log') as typeof PurgeCommunicationLog).purgeCommunicationLog(...args);
}

export function replatform(...args: Parameters<typeof Replatform.replatform>): ReturnType<typeof Replatform.replatform> {
  return (require('./replatform/replatform') as typeof Replatform).replatform(...args);
}
