import { z } from 'zod';

/** Product fields smart update can carry (Cart2Cart's list): quantity, stock status, price, name, categories, SEO URL. */
export const productSyncFieldSchema = z.enum(['quantity', 'stockStatus', 'price', 'name', 'categories', 'seoUrl']);
/** Order fields smart update can carry: status, status history, shipping (address and lines), tracking numbers. */
export const orderSyncFieldSchema = z.enum(['status', 'statusHistory', 'shipping', 'tracking']);
/**
 * Customer fields smart update can carry: name, phone, addresses and tags by the three-way merge; each
 * channel's marketing consent by its own rule (the newest dated change on either store wins, an unsubscribe
 * is never overwritten by an older or undated subscribe).
 */
export const customerSyncFieldSchema = z.enum(['name', 'phone', 'addresses', 'tags', 'emailConsent', 'smsConsent']);
export type ProductSyncField = z.infer<typeof productSyncFieldSchema>;
export type OrderSyncField = z.infer<typeof orderSyncFieldSchema>;
export type CustomerSyncField = z.infer<typeof customerSyncFieldSchema>;
export const defaultCustomerSyncFields: CustomerSyncField[] = ['name', 'phone', 'addresses', 'tags', 'emailConsent', 'smsConsent'];

/** Which fields are synchronised, chosen per migration; a field not chosen is never written. */
export const syncFieldsSchema = z.object({
  products: z.array(productSyncFieldSchema).default(['quantity', 'stockStatus', 'price']),
  orders: z.array(orderSyncFieldSchema).default(['status', 'statusHistory', 'tracking']),
  customers: z.array(customerSyncFieldSchema).default(defaultCustomerSyncFields),
}).strict();
export type SyncFields = z.output<typeof syncFieldsSchema>;

/** When both sides changed a field since the last sync: keep the target's edit (default) or take the source's. */
export const conflictPolicySchema = z.enum(['target-wins', 'source-wins']);
export type ConflictPolicy = z.infer<typeof conflictPolicySchema>;

export interface SmartUpdateConflict {
  entityType: 'products' | 'orders' | 'customers';
  sourceId: string;
  targetId: string;
  field: string;
  /** The value last synchronised, the source's now and the target's now (platform-neutral form). */
  base: unknown;
  source: unknown;
  target: unknown;
  kept: 'target' | 'source';
}

/**
 * What became of one chosen field of one entity: written (and read back as the source has it), skipped
 * because the source did not change it (or only the target did), a conflict kept per the policy, a field the
 * target has no way to hold, or a write that failed.
 */
export const fieldOutcomes = ['written', 'skipped-unchanged', 'conflict', 'unsupported-on-target', 'failed'] as const;
export type FieldOutcome = (typeof fieldOutcomes)[number];
export type FieldOutcomeCounts = Record<FieldOutcome, number>;

/** A field that could not be written, with the target's reason (capped in the summary, like failures). */
export interface FieldProblem {
  entityType: string;
  sourceId: string;
  field: string;
  outcome: 'unsupported-on-target' | 'failed';
  reason: string;
}

export interface SmartUpdateSummary {
  /** Activity clock at the start of the run: the next run asks the source for changes since then. */
  startedAt: string;
  finishedAt: string;
  /** Entities the source reported changed since the previous run. */
  changed: number;
  updated: number;
  created: number;
  conflicted: number;
  failed: number;
  unchanged: number;
  /** Per entity type and chosen field, how many entities had it written, skipped, in conflict, unsupported, failed. */
  fields: Record<string, Record<string, FieldOutcomeCounts>>;
  /** Fields that could not be written, newest last (capped). */
  fieldProblems: FieldProblem[];
  conflicts: SmartUpdateConflict[];
  failures: { entityType: string; sourceId: string; error: string }[];
}
