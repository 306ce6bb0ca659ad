import { z } from 'zod';

/** Product fields smart update can carry (Cart2Cart's list): quantity, stock status, price, name, categories, SEO URL. */
export const productSyncFieldSchema = z.enum(['quantity', 'stockStatus', 'price', 'name', 'categories', 'seoUrl']);
/** Order fields smart update can carry: status, status history, shipping (address and lines), tracking numbers. */
export const orderSyncFieldSchema = z.enum(['status', 'statusHistory', 'shipping', 'tracking']);
export type ProductSyncField = z.infer<typeof productSyncFieldSchema>;
export type OrderSyncField = z.infer<typeof orderSyncFieldSchema>;

/** Which fields are synchronised, chosen per migration; a field not chosen is never written. */
export const syncFieldsSchema = z.object({
  products: z.array(productSyncFieldSchema).default(['quantity', 'stockStatus', 'price']),
  orders: z.array(orderSyncFieldSchema).default(['status', 'statusHistory', 'tracking']),
}).strict();
export type SyncFields = z.output<typeof syncFieldsSchema>;

/** When both sides changed a field since the last sync: keep the target's edit (default) or take the source's. */
export const conflictPolicySchema = z.enum(['target-wins', 'source-wins']);
export type ConflictPolicy = z.infer<typeof conflictPolicySchema>;

export interface SmartUpdateConflict {
  entityType: 'products' | 'orders';
  sourceId: string;
  targetId: string;
  field: string;
  /** The value last synchronised, the source's now and the target's now (platform-neutral form). */
  base: unknown;
  source: unknown;
  target: unknown;
  kept: 'target' | 'source';
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
  conflicts: SmartUpdateConflict[];
  failures: { entityType: string; sourceId: string; error: string }[];
}
