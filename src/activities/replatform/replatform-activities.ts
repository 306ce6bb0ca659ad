import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { entityTypes, type EntityType } from '../../domain/catalog/entities';
import type { Platform } from '../../domain/catalog/platforms';
import type { ChecklistEntry } from '../../domain/replatform/checklist';
import type { SmartUpdateSummary } from '../../domain/replatform/sync-fields';
import { PlatformError } from '../../connectors/platforms/errors';
import type { PlatformAdapter } from '../../connectors/platforms/types';
import type { IdMapRepository } from '../../store/id-map-repository';
import type { SmartUpdateRepository } from '../../store/replatform-smart-update-repository';
import { asPermanent } from '../connections/check-connection';
import type { PlatformProvider } from '../migration/platform-provider';
import type { ChannelSenders } from '../purchase/channel-senders';
import { checklistEmail, sendChecklistMail } from './checklist-mail';
import { runSmartUpdate, type SmartUpdateRequest } from './smart-update';

export interface ReplatformActivityDeps {
  platforms: PlatformProvider;
  idMap: IdMapRepository;
  runs: SmartUpdateRepository;
  /** Email goes through the shared channel senders (the SMTP connector in production). */
  channels: Pick<ChannelSenders, 'email'>;
}

function rethrow(err: unknown, what: string): never {
  if (err instanceof PlatformError && !err.retryable) throw ApplicationFailure.nonRetryable(`${what}: ${err.message}`, 'PermanentPlatformError');
  if (err instanceof PlatformError) throw ApplicationFailure.create({ message: `${what}: ${err.message}`, type: 'TransientPlatformError', ...(err.retryAfterMs ? { nextRetryDelay: err.retryAfterMs } : {}) });
  throw err;
}

export interface RemovalOutcome {
  deleted: Partial<Record<EntityType, number>>;
  failed: { entityType: string; targetId: string; error: string }[];
  /** Entities that were on the target before Cutover came (matched by natural key): left alone. */
  kept: number;
}

export function createReplatformActivities(deps: ReplatformActivityDeps) {
  const adapter = (name: string): PlatformAdapter => {
    try {
      return deps.platforms(name);
    } catch (err) {
      return asPermanent(err);
    }
  };

  return {
    /** The activity clock, the time base of the source's change filter (workflow time may be skipped in tests). */
    async replatformClock(): Promise<string> {
      return new Date().toISOString();
    },

    /** Which platform each connection is, without calling either store. */
    async describePlatforms(input: { source: string; target: string }): Promise<{ sourcePlatform: Platform; targetPlatform: Platform }> {
      return { sourcePlatform: adapter(input.source).platform, targetPlatform: adapter(input.target).platform };
    },

    async smartUpdate(request: SmartUpdateRequest): Promise<SmartUpdateSummary> {
      try {
        return await runSmartUpdate({ adapter, idMap: deps.idMap, runs: deps.runs }, request);
      } catch (err) {
        return rethrow(err, `smart update ${request.source} → ${request.target}`);
      }
    },

    async recentSmartUpdates(input: { replatformId: string; limit: number }): Promise<SmartUpdateSummary[]> {
      return deps.runs.runs(input.replatformId, input.limit);
    },

    /**
     * Remigration's first half: deletes on the target only what the id map says Cutover created (orders
     * first, categories last), and forgets those entries; what was there before Cutover stays.
     */
    async deleteCutoverCreated(input: { migrationId: string; target: string }): Promise<RemovalOutcome> {
      const target = adapter(input.target);
      const outcome: RemovalOutcome = { deleted: {}, failed: [], kept: 0 };
      for (const type of [...entityTypes].reverse()) {
        const entries = await deps.idMap.list(input.migrationId, { entityType: type });
        const created = entries.filter((e) => e.createdByCutover && e.targetId);
        outcome.kept += entries.filter((e) => !e.createdByCutover && e.targetId).length;
        for (let i = 0; i < created.length; i += 50) {
          Context.current().heartbeat({ type, i });
          const batch = created.slice(i, i + 50);
          const result = await target.delete(type, batch.map((e) => e.targetId as string)).catch((err: unknown) => rethrow(err, `deleting ${type} on ${input.target}`));
          const deleted = new Set(result.deleted);
          await deps.idMap.remove(input.migrationId, type, batch.filter((e) => deleted.has(e.targetId as string)).map((e) => e.sourceId));
          outcome.deleted[type] = (outcome.deleted[type] ?? 0) + result.deleted.length;
          for (const f of result.failed) outcome.failed.push({ entityType: type, ...f });
        }
        // A deleted product takes its variants with it.
        if (type === 'products') {
          const variants = (await deps.idMap.list(input.migrationId, { entityType: 'variants' })).filter((e) => e.createdByCutover);
          await deps.idMap.remove(input.migrationId, 'variants', variants.map((e) => e.sourceId));
        }
      }
      await deps.runs.forgetBases(input.migrationId);
      return outcome;
    },

    /** Emails the checklist (or a reminder of what is open) to the tech contact; without a connection it is logged. */
    async sendChecklist(input: { connection: string | null; to: string; storeDomain: string; items: ChecklistEntry[]; reminder: boolean }): Promise<{ sent: boolean; detail: string }> {
      const open = input.items.filter((i) => !i.doneAt);
      if (open.length === 0) return { sent: false, detail: 'nothing open' };
      if (!input.connection) {
        log.info('no email connection configured for the re-platform checklist: not emailed', { storeDomain: input.storeDomain, open: open.map((i) => i.id) });
        return { sent: false, detail: 'no email connection configured; the checklist is in the status query' };
      }
      await sendChecklistMail(deps.channels, input.connection, checklistEmail(input.to, input.storeDomain, open, input.reminder));
      return { sent: true, detail: `${open.length} open item(s) emailed` };
    },
  };
}

export type ReplatformActivities = ReturnType<typeof createReplatformActivities>;
