import { Context } from '@temporalio/activity';
import type { EntityOf, EntityType } from '../../domain/catalog/entities';
import type { EntityPreview, PreviewCall, RefusalStage, TargetRate } from '../../domain/migration/preview';
import type { Page, PlatformAdapter, References } from '../../connectors/platforms/types';
import { adapter, rethrow } from './migration-activities';
import type { PlatformProvider } from './platform-provider';
import { validated } from './validated';

export interface PreviewActivityDeps {
  platforms: PlatformProvider;
}

export interface PreviewEntitiesRequest {
  source: string;
  target: string;
  type: EntityType;
  count: number;
  statusMap: Record<string, string>;
  samples: number;
  pageSize: number;
  listRefusedUpTo: number;
}

/**
 * Ids the target assigns only when it writes (a category's id, an order's customer) cannot be known before
 * anything is written. The writers are given numeric tokens in their place, which survive the writers'
 * own conversions (WooCommerce ids are numbers), and the tokens are shown as "<target id of category 12>".
 * They start far above any id or amount a store holds, so a real value is never taken for one.
 */
const TOKEN_BASE = 9_000_000_000_000;
const kindLabels: Record<keyof References, string> = { categories: 'category', products: 'product', variants: 'variant', customers: 'customer' };

export class PlaceholderReferences {
  private readonly labels = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  readonly references: References;

  constructor() {
    const table = (kind: keyof References): Record<string, string> => new Proxy({}, {
      get: (_target, sourceId) => (typeof sourceId === 'string' ? this.token(kind, sourceId) : undefined),
    });
    this.references = { categories: table('categories'), products: table('products'), variants: table('variants'), customers: table('customers') };
  }

  private token(kind: keyof References, sourceId: string): string {
    const label = `<target id of ${kindLabels[kind]} ${sourceId}>`;
    let token = this.tokens.get(label);
    if (!token) {
      token = String(TOKEN_BASE + this.labels.size + 1);
      this.labels.set(token, label);
      this.tokens.set(label, token);
    }
    return token;
  }

  /** The value with every token, as a string or as a number, replaced by its label. */
  describe(value: unknown): unknown {
    if (typeof value === 'string' || typeof value === 'number') return this.labels.get(String(value)) ?? value;
    if (Array.isArray(value)) return value.map((v) => this.describe(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.describe(v)]));
    return value;
  }
}

function notDescribable(target: PlatformAdapter): string {
  return `the ${target.platform} adapter cannot describe its writes without making them: samples show the source side only`;
}

export function createPreviewActivities(deps: PreviewActivityDeps) {
  return {
    /** The target's published write rate (Shopify reports its bucket with every answer); null when it publishes none. */
    async targetWriteRate(input: { target: string }): Promise<TargetRate | null> {
      const target = adapter(deps, input.target);
      if (!target.writeRate) return null;
      return target.writeRate().catch((e: unknown) => rethrow(e, input.target));
    },

    /**
     * Reads every record of one type from the source and checks it as the migration would (the source
     * adapter's reading, the canonical model's validation, the target writer's mapping), without writing:
     * the first `samples` are shown with the calls that would write them, every refusal is reported.
     */
    async previewEntities(request: PreviewEntitiesRequest): Promise<EntityPreview> {
      const ctx = Context.current();
      const source = adapter(deps, request.source);
      const target = adapter(deps, request.target);
      const placeholders = new PlaceholderReferences();
      const context = { references: placeholders.references, orderStatusMap: request.statusMap };
      const preview: EntityPreview = {
        count: request.count, scanned: 0, samples: [], refused: [], refusedTotal: 0, refusedByReason: {},
        note: target.planWrite ? null : notDescribable(target),
      };
      const refuse = (sourceId: string, stage: RefusalStage, reason: string): void => {
        preview.refusedTotal += 1;
        preview.refusedByReason[reason] = (preview.refusedByReason[reason] ?? 0) + 1;
        if (preview.refused.length < request.listRefusedUpTo) preview.refused.push({ sourceId, stage, reason });
      };
      const plan = async (entity: EntityOf[EntityType], sample: boolean) => {
        if (!target.planWrite) return null;
        // A sample is looked up on the target by its natural key as the migration would, to show a create or an
        // update; the rest are only checked for refusals, as new entities, without a lookup per record.
        const existing = sample ? await target.findExisting(request.type, entity).catch((e: unknown) => rethrow(e, request.target)) : null;
        const planned = await target.planWrite(request.type, { entity, targetId: existing?.targetId ?? null, knownAbsent: !existing }, context)
          .catch((e: unknown) => rethrow(e, request.target));
        return { existingTargetId: existing?.targetId ?? null, planned };
      };

      let cursor: string | null = null;
      do {
        ctx.heartbeat({ type: request.type, scanned: preview.scanned });
        const page: Page<EntityOf[EntityType]> = await source.listPage(request.type, cursor, request.pageSize).catch((e: unknown) => rethrow(e, request.source));
        const { valid, rejected } = validated(request.type, page.items);
        preview.scanned += page.items.length + page.rejected.length;
        for (const r of page.rejected) refuse(r.sourceId, 'read', r.reason);
        for (const r of rejected) refuse(r.sourceId, 'validation', r.reason);
        for (const entity of valid) {
          const sample = preview.samples.length < request.samples;
          const outcome = await plan(entity, sample);
          if (outcome && !outcome.planned.ok) refuse(entity.sourceId, 'mapping', outcome.planned.reason);
          if (!sample) continue;
          preview.samples.push({
            sourceId: entity.sourceId,
            source: entity,
            target: outcome?.planned.ok ? { existingTargetId: outcome.existingTargetId, calls: placeholders.describe(outcome.planned.calls) as PreviewCall[] } : null,
            refused: outcome && !outcome.planned.ok ? outcome.planned.reason : null,
          });
        }
        cursor = page.nextCursor;
      } while (cursor);
      return preview;
    },
  };
}

export type PreviewActivities = ReturnType<typeof createPreviewActivities>;
