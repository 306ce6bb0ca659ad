import { z } from 'zod';
import { entityTypes, entityTypeSchema, type EntityType } from '../catalog/entities';
import type { Platform } from '../catalog/platforms';
import { connectionNameSchema } from '../connections';

/**
 * The input of `previewMigration` (and `cutover migrate preview`): the same connections and options as
 * `fullMigration`, plus how many records per type to show side by side. Nothing is written.
 */
export const previewMigrationInputSchema = z.object({
  source: z.object({ connection: connectionNameSchema }).strict(),
  target: z.object({ connection: connectionNameSchema }).strict(),
  entityTypes: z.array(entityTypeSchema).min(1).default([...entityTypes]),
  /** Overrides of the platform pair's default order-status map, as fullMigration takes them. */
  statusMap: z.record(z.string(), z.string()).default({}),
  /** Records per entity type shown as source record → what would be written. */
  samples: z.number().int().min(0).max(20).default(5),
  /** Source records read per call while every record is checked for refusals. */
  pageSize: z.number().int().min(1).max(100).default(50),
  /** Refused records listed one by one per type; beyond this they are still counted, by reason. */
  listRefusedUpTo: z.number().int().min(0).max(5000).default(500),
}).strict().refine((i) => i.source.connection !== i.target.connection, { message: 'source and target must be different connections', path: ['target', 'connection'] });
export type PreviewMigrationInput = z.input<typeof previewMigrationInputSchema>;
export type PreviewMigrationSettings = z.output<typeof previewMigrationInputSchema>;

/** One API call the target's writer would make: the operation and the body, as it would send them. */
export interface PreviewCall {
  call: string;
  body: unknown;
}

/** A source record beside what the migration would write for it (or why it would refuse it). */
export interface PreviewSample {
  sourceId: string;
  /** The record as Cutover reads it from the source (the canonical model the adapters map from and to). */
  source: unknown;
  /** The calls that would write it; null when it would be refused. */
  target: { existingTargetId: string | null; calls: PreviewCall[] } | null;
  refused: string | null;
}

/** Where a refusal comes from: the source adapter could not read it, the canonical model refuses it, or the target's writer would. */
export type RefusalStage = 'read' | 'validation' | 'mapping';

export interface PreviewRefusal {
  sourceId: string;
  stage: RefusalStage;
  reason: string;
}

export interface EntityPreview {
  /** Counted by the source (what the migration's preflight counts). */
  count: number;
  /** Records read while checking every one for refusals. */
  scanned: number;
  samples: PreviewSample[];
  /** Every refused record, up to `listRefusedUpTo`; `refusedTotal` counts them all. */
  refused: PreviewRefusal[];
  refusedTotal: number;
  refusedByReason: Record<string, number>;
  /** Set when the target's adapter cannot describe its writes: samples then show the source side only. */
  note: string | null;
}

/**
 * A target's write rate: the one it publishes (Shopify's cost bucket; a bucket of requests, with what the
 * adapter spends per entity written and read back), or none.
 */
export type TargetRate =
  | { unit: 'cost points'; perSecond: number; bucketSize: number; source: string }
  | {
    unit: 'requests'; perSecond: number; bucketSize: number; source: string;
    /** Requests the adapter makes per entity written (natural-key lookups and follow-up calls included). */
    perEntity: Record<EntityType, number>;
    /** Requests per entity read back by the verification. */
    verifyPerEntity: Record<EntityType, number>;
    /** How perEntity was found. */
    basis: string;
  };

export interface DurationEstimate {
  /** "published": the target's own rate limit; "assumed": the target publishes none, the figures below are ours. */
  basis: 'published' | 'assumed';
  rate: string;
  /** Per entity written: cost points (Shopify), requests (a request bucket) or seconds (assumed). */
  perEntity: Record<EntityType, number>;
  unit: 'cost points' | 'requests' | 'seconds';
  copySeconds: number;
  verifySeconds: number;
  totalSeconds: number;
  /** "about 2 hours 10 minutes". */
  total: string;
  notes: string[];
}

export interface MigrationPreview {
  source: { connection: string; platform: Platform; detail: string };
  target: { connection: string; platform: Platform; detail: string };
  counts: Partial<Record<EntityType, number>>;
  estimate: DurationEstimate;
  orderStatusMap: { map: Record<string, string>; overrides: Record<string, string>; problems: string[] };
  entities: Partial<Record<EntityType, EntityPreview>>;
  refusedTotal: number;
  /** How to read the target side: ids the target assigns at write time appear as "<...>". */
  notes: string[];
}

/**
 * Shopify cost points per entity, measured on the Shopify simulator (Shopify's 2026-10 schema and cost rules)
 * by writing a seeded WooCommerce store of 12 categories, 108 products (180 variants), 80 customers and 160
 * orders through the migration's own writeEntities: a collection 12 (lookup and create), a product 14, a
 * customer 12, an order 16 (README, "The benchmark", found the same at 200 and 2,000 products). They include
 * the natural-key lookup the migration makes before each create.
 */
export const SHOPIFY_POINTS_PER_ENTITY: Record<EntityType, number> = { categories: 12, products: 14, customers: 12, orders: 16 };
/** The verification reads every migrated entity back, measured the same way: a collection 3, a product 23, a customer 6, an order 30. */
export const SHOPIFY_VERIFY_POINTS_PER_ENTITY: Record<EntityType, number> = { categories: 3, products: 23, customers: 6, orders: 30 };

/**
 * WooCommerce publishes no rate limit: the host's PHP workers and database set the pace. Assumed: 5 entities
 * written a second (about 200 ms of PHP and MySQL per product, customer or order through the batch
 * endpoints on a modest host) and 50 read back a second (pages of 100). Measure your host to do better.
 */
export const WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND = 5;
export const WOOCOMMERCE_ASSUMED_READS_PER_SECOND = 50;

export function humanDuration(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}

/**
 * How long the migration would take at the target's rate limit: what it costs to write each entity and to
 * read it back for verification. Shopify's bucket starts full, so its first `bucketSize` points are free of
 * waiting. The source's reads are not counted: on both platforms they cost far less than the writes.
 */
export function estimateDuration(targetPlatform: Platform, counts: Partial<Record<EntityType, number>>, rate: TargetRate | null): DurationEstimate {
  const total = (perEntity: (type: EntityType) => number): number =>
    entityTypes.reduce((sum, type) => sum + (counts[type] ?? 0) * perEntity(type), 0);
  if (rate?.unit === 'requests') {
    const copyRequests = total((t) => rate.perEntity[t]);
    const verifyRequests = total((t) => rate.verifyPerEntity[t]);
    // The bucket starts empty of requests: its first bucketSize go without waiting.
    const copySeconds = Math.max(0, copyRequests - rate.bucketSize) / rate.perSecond;
    const verifySeconds = verifyRequests / rate.perSecond;
    return {
      basis: 'published',
      rate: `${rate.perSecond} requests a second, bucket of ${rate.bucketSize} (${rate.source})`,
      perEntity: { ...rate.perEntity }, unit: 'requests',
      copySeconds: Math.round(copySeconds), verifySeconds: Math.round(verifySeconds), totalSeconds: Math.round(copySeconds + verifySeconds),
      total: humanDuration(copySeconds + verifySeconds),
      notes: [rate.basis, `${Math.round(copyRequests)} requests to write, ${Math.round(verifyRequests)} to verify`],
    };
  }
  if (rate?.unit === 'cost points') {
    const copyPoints = total((t) => SHOPIFY_POINTS_PER_ENTITY[t]);
    const verifyPoints = total((t) => SHOPIFY_VERIFY_POINTS_PER_ENTITY[t]);
    const copySeconds = Math.max(0, copyPoints - rate.bucketSize) / rate.perSecond;
    const verifySeconds = verifyPoints / rate.perSecond;
    return {
      basis: 'published',
      rate: `${rate.perSecond} cost points a second, bucket of ${rate.bucketSize} (${rate.source})`,
      perEntity: { ...SHOPIFY_POINTS_PER_ENTITY }, unit: 'cost points',
      copySeconds: Math.round(copySeconds), verifySeconds: Math.round(verifySeconds), totalSeconds: Math.round(copySeconds + verifySeconds),
      total: humanDuration(copySeconds + verifySeconds),
      notes: [
        'cost per entity measured on the Shopify simulator (a product with ~2 variants; more variants cost more to read back); '
          + `verification reads each entity back: ${entityTypes.map((t) => `${t} ${SHOPIFY_VERIFY_POINTS_PER_ENTITY[t]}`).join(', ')} points`,
        `${copyPoints} points to write, ${verifyPoints} to verify`,
      ],
    };
  }
  const perWrite = 1 / WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND;
  const copySeconds = total(() => perWrite);
  const verifySeconds = total(() => 1 / WOOCOMMERCE_ASSUMED_READS_PER_SECOND);
  return {
    basis: 'assumed',
    rate: targetPlatform === 'woocommerce'
      ? `WooCommerce publishes no rate limit; assumed ${WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND} entities written and ${WOOCOMMERCE_ASSUMED_READS_PER_SECOND} read back a second`
      : `the target reported no rate limit; assumed ${WOOCOMMERCE_ASSUMED_WRITES_PER_SECOND} entities written a second`,
    perEntity: Object.fromEntries(entityTypes.map((t) => [t, perWrite])) as Record<EntityType, number>, unit: 'seconds',
    copySeconds: Math.round(copySeconds), verifySeconds: Math.round(verifySeconds), totalSeconds: Math.round(copySeconds + verifySeconds),
    total: humanDuration(copySeconds + verifySeconds),
    notes: ['the host sets the pace (PHP workers, database): about 200 ms an entity on a modest host is assumed; a faster host goes faster'],
  };
}
