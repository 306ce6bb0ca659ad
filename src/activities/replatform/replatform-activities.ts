import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { entityTypes, type EntityType } from '../../domain/catalog/entities';
import type { Platform } from '../../domain/catalog/platforms';
import type { TechNotice } from '../../domain/replatform/notices';
import type { SmartUpdateSummary } from '../../domain/replatform/sync-fields';
import { PlatformError } from '../../connectors/platforms/errors';
import type { PlatformAdapter } from '../../connectors/platforms/types';
import type { IdMapRepository } from '../../store/id-map-repository';
import type { SmartUpdateRepository } from '../../store/replatform-smart-update-repository';
import { asPermanent } from '../connections/check-connection';
import type { PlatformProvider } from '../migration/platform-provider';
import type { ChannelSenders } from '../purchase/channel-senders';
import { sendChecklistMail, techContactEmail } from './checklist-mail';
import { runSmartUpdate, type SmartUpdateRequest } from './smart-update';

export interface ReplatformActivityDeps {
  platforms: PlatformProvider;
  idMap: IdMapRepository;
  runs: SmartUpdateRepository;
  /** Email goes through the shared channel senders (the SMTP connector in production). */
  channels: Pick<ChannelSenders, 'email'>;
  /** Cutover's public URL (the ingress): a webhook delivering below it points at Cutover. Default http://127.0.0.1:8080, as the worker's. */
  publicUrl?: string;
}

export interface WebhookRemoval {
  /** Webhooks that pointed at Cutover, removed (or found already gone). */
  removed: { id: string; topic: string; address: string }[];
  /** Webhooks pointing elsewhere (an ESP's, an app's): left alone. */
  kept: number;
  failed: { id: string; error: string }[];
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

    /** Emails the tech contact what the re-platform has to say; without a connection it is logged and queryable only. */
    async notifyTechContact(input: { connection: string | null; to: string; storeDomain: string; notice: TechNotice }): Promise<{ sent: boolean; detail: string }> {
      const message = techContactEmail(input.to, input.storeDomain, input.notice);
      if (!message) return { sent: false, detail: 'nothing to say' };
      if (!input.connection) {
        log.info('no email connection configured for the re-platform: not emailed', { storeDomain: input.storeDomain, subject: message.subject });
        return { sent: false, detail: 'no email connection configured; see the status query' };
      }
      await sendChecklistMail(deps.channels, input.connection, message);
      return { sent: true, detail: message.subject };
    },

    /**
     * Removes the store's webhooks that deliver to Cutover (below its public URL), through the platform's
     * API; webhooks pointing anywhere else are left alone. Safe to retry: an already deleted one counts as removed.
     */
    async removeCutoverWebhooks(input: { store: string }): Promise<WebhookRemoval> {
      const store = adapter(input.store);
      const prefix = (deps.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
      const pointsAtCutover = (address: string): boolean => address === prefix || address.startsWith(`${prefix}/`);
      const all = await store.listWebhooks().catch((err: unknown) => rethrow(err, `listing the webhooks of ${input.store}`));
      const outcome: WebhookRemoval = { removed: [], kept: 0, failed: [] };
      for (const hook of all) {
        if (!pointsAtCutover(hook.address)) {
          outcome.kept += 1;
          continue;
        }
        try {
          await store.deleteWebhook(hook.id);
          outcome.removed.push({ id: hook.id, topic: hook.topic, address: hook.address });
        } catch (err) {
          if (err instanceof PlatformError && err.retryable) rethrow(err, `deleting webhook ${hook.id} of ${input.store}`);
          outcome.failed.push({ id: hook.id, error: err instanceof Error ? err.message : String(err) });
        }
      }
      return outcome;
    },
  };
}

export type ReplatformActivities = ReturnType<typeof createReplatformActivities>;
