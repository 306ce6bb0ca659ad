import type { EntityOf, EntityType } from '../../domain/catalog/entities';
import type { Platform, PlatformOrderStatuses } from '../../domain/catalog/platforms';
import type { ConnectionKind, ConnectionOf, SecretField } from '../../domain/connections';
import type { TargetRate } from '../../domain/migration/preview';
import type { OrderSnapshot } from '../../domain/purchase/events';

/** A source record that cannot be read into the canonical model: reported with its reason, never dropped. */
export interface RejectedRecord {
  entityType: EntityType;
  sourceId: string;
  reason: string;
}

export interface Page<T> {
  items: T[];
  rejected: RejectedRecord[];
  /** Opaque; null after the last page. */
  nextCursor: string | null;
}

/** What a platform offers for reading a store. */
export interface PlatformReader {
  readonly platform: Platform;
  /** Checks the credentials with one cheap call; throws a permanent PlatformError on bad credentials. */
  probe(): Promise<string>;
  /**
   * Checks, before a migration reads or writes anything, that the credentials were granted what this role
   * needs for these entity types (Shopify: access scopes); throws a permanent PlatformError naming what is
   * missing. Optional: a platform whose credentials carry no such grants has nothing to check.
   */
  checkAccess?(role: 'source' | 'target', types: readonly EntityType[]): Promise<void>;
  count(type: EntityType): Promise<number>;
  listPage<T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>>;
  /** Entities created or modified at or after `since` (ISO time), with the platform's own change filter. */
  listChangedSince<T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>>;
  /** Reads one entity by its id on this platform (verification, smart update's three-way compare). */
  get<T extends EntityType>(type: T, id: string): Promise<EntityOf[T] | null>;
}

/**
 * Target ids of entities already written, so a write can point at them: a product's categories, an
 * order's customer and its line items' products and variants. Keys are source ids.
 */
export interface References {
  categories: Record<string, string>;
  products: Record<string, string>;
  variants: Record<string, string>;
  customers: Record<string, string>;
}

export interface WriteItem<T extends EntityType> {
  entity: EntityOf[T];
  /** The target id from the id map, when this entity was written before: update it, don't create. */
  targetId: string | null;
  /**
   * The caller has just looked the natural key up on the target (findExisting) and found nothing: the writer
   * creates without looking again, which saves a lookup's rate-limit cost per new entity.
   */
  knownAbsent?: boolean;
}

export interface WriteContext {
  references: References;
  /** Source order status → target order status. */
  orderStatusMap: Record<string, string>;
}

export type WriteResult =
  | {
    sourceId: string;
    ok: true;
    targetId: string;
    /** True when this call created the entity (remigration deletes only those). */
    created: boolean;
    /** Ids of nested entities on the target, by source id: a product's variants. */
    childIds?: Record<string, string>;
  }
  | {
    sourceId: string; ok: false; error: string; retryable: boolean;
    /**
     * Set when this write reached the target before it failed: the entity is there under this id (an order
     * created, then its metafield, shipments or fulfilment refused). The id map keeps it, so the retry updates
     * it instead of creating it again, which a natural-key lookup cannot promise when the key was to be
     * written by the call that failed (Tiendanube's order metafield).
     */
    targetId?: string;
    /** With targetId: true when this write created the entity (remigration deletes only those). */
    created?: boolean;
  };

/** A write that failed, as upsertBatch reports it. */
export type FailedWrite = Extract<WriteResult, { ok: false }>;

/** One API call a writer would make for an entity: the operation and the body it would send. */
export interface PlannedCall {
  call: string;
  body: unknown;
}

/**
 * What upsertBatch would do with one item, worked out without writing: the calls, built by the same code
 * that builds them for the write, or why the writer would refuse the item before any call.
 */
export type PlannedWrite = { ok: true; calls: PlannedCall[] } | { ok: false; reason: string };

/**
 * A target's write rate limit as the platform reports it (Shopify: the calculated query cost bucket;
 * Tiendanube: a bucket of requests, with the adapter's requests per entity). `source` says where the figure
 * comes from, e.g. "reported by the shop (extensions.cost.throttleStatus)".
 */
export type WriteRate = TargetRate;

/** What a field-by-field update did with one field on the target. */
export type FieldWrite =
  | { field: string; outcome: 'written' }
  | { field: string; outcome: 'unsupported-on-target'; reason: string }
  | { field: string; outcome: 'failed'; reason: string; retryable: boolean };

/** What a platform offers for writing a store. Every method is idempotent. */
export interface PlatformWriter {
  readonly platform: Platform;
  probe(): Promise<string>;
  /**
   * The calls upsertBatch would make for this item, without making any write (reads are allowed: natural-key
   * lookups, store settings). Optional: the migration preview says so for a writer without it.
   */
  planWrite?<T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite>;
  /** The write rate the platform publishes for this store, or null when it publishes none. */
  writeRate?(): Promise<WriteRate | null>;
  /** Creates or updates a batch; one result per item, in order. A bad item fails alone. */
  upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]>;
  /**
   * Finds an entity already on the target by its natural key (category handle, product handle or SKU,
   * customer email, order number): the second line of defence against duplicates after the id map.
   */
  findExisting<T extends EntityType>(type: T, entity: EntityOf[T]): Promise<{ targetId: string; childIds?: Record<string, string> } | null>;
  /**
   * Writes `fields` (smart update's field names) of an entity already on the target, `merged` being the
   * target's entity with those fields taken from the source, through whichever calls the platform needs for
   * each (Shopify: an order's cancellation, payment and shipments are mutations of their own), and says per
   * field what it did. Null when the platform writes this type whole: the caller uses upsertBatch.
   */
  updateFields?<T extends EntityType>(type: T, targetId: string, merged: EntityOf[T], fields: readonly string[], context: WriteContext): Promise<FieldWrite[] | null>;
  delete(type: EntityType, targetIds: string[]): Promise<{ deleted: string[]; failed: { targetId: string; error: string }[] }>;
  /**
   * The entity as this platform holds it once written: each field it cannot carry (its descriptor's
   * cannotCarry) set to what it will read back, e.g. no SMS consent on Tiendanube. The id map records this,
   * so verification and smart update compare against what the target can hold instead of reporting the
   * same uncarriable field on every run. Optional: a platform that carries every canonical field has none.
   */
  heldAs?<T extends EntityType>(type: T, entity: EntityOf[T]): EntityOf[T];
}

/** A webhook subscription on a store, as its platform lists it. */
export interface PlatformWebhook {
  /** The platform's id (WooCommerce: the numeric id; Shopify: the WebhookSubscription GID). */
  id: string;
  /** The event it delivers, in the platform's words ("order.updated", "ORDERS_UPDATED"). */
  topic: string;
  /** Where it delivers (a URL; Shopify may also hold an EventBridge or Pub/Sub URI). */
  address: string;
  status: string | null;
}

/** What a platform offers for its store's webhooks: the re-platform removes the old store's that point at Cutover. */
export interface PlatformWebhooks {
  /** Every webhook subscription of the store (all pages). */
  listWebhooks(): Promise<PlatformWebhook[]>;
  /** Deletes one; `not-found` when it is already gone (a retried delete is not an error). */
  deleteWebhook(id: string): Promise<'deleted' | 'not-found'>;
}

export type PlatformAdapter = PlatformReader & PlatformWriter & PlatformWebhooks;

/** A field a platform cannot hold as the canonical model has it, and why (README's platform table). */
export interface UncarriedField {
  entityType: EntityType;
  /** The canonical field, e.g. "customers.smsMarketing" or "products.vendor". */
  field: string;
  reason: string;
}

/** What a platform reads, writes and cannot carry: the README's platform table is written from these. */
export interface PlatformCapabilities {
  reads: readonly EntityType[];
  writes: readonly EntityType[];
  cannotCarry: readonly UncarriedField[];
  /** The API's published rate limit, as one line ("40-request bucket leaking 2 a second, per store"). */
  rateLimit: string;
  /** The change filter smart update reads deltas with ("updated_at_min"). */
  changeFilter: string;
}

/**
 * Everything Cutover needs to know about one platform, exported by its folder (`<platform>/platform.ts`) and
 * listed once in registry.ts. Nothing outside the platform's folder names the platform: activities build
 * adapters, compose order-status maps and describe the platform through this.
 */
export interface PlatformDescriptor<K extends Platform & ConnectionKind = Platform & ConnectionKind> {
  /** Also the kind of its connections in configuration (src/domain/connections.ts). */
  readonly name: K;
  /** The name merchants know it by. */
  readonly label: string;
  /** The adapter (reader, writer, webhooks) for a configured connection whose secrets an activity resolved. */
  createAdapter(connection: ConnectionOf<K>, secrets: Partial<Record<SecretField<K>, string>>): PlatformAdapter;
  /**
   * How findExisting recognises each entity type already on a store of this platform (the second line of
   * defence against duplicates after the id map), in words for the README.
   */
  readonly naturalKeys: Readonly<Record<EntityType, string>>;
  /** Its order-status words and their canonical statuses: every pair's default map is composed from these. */
  readonly orderStatuses: PlatformOrderStatuses;
  readonly capabilities: PlatformCapabilities;
  /**
   * For purchase alerts on a platform whose webhooks carry only the order's id (Tiendanube): reads the
   * order the alert needs. Absent where webhooks carry the order itself.
   */
  createOrderReader?(connection: ConnectionOf<K>, secrets: Partial<Record<SecretField<K>, string>>): OrderReader;
}

/** Reads one order for the purchase alerts; a PlatformError when it cannot (404 and 401 permanent, 429/5xx retryable). */
export interface OrderReader {
  getOrder(orderId: string): Promise<OrderSnapshot>;
}
