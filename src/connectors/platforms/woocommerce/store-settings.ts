import type { WooClient } from './client';
import { type WeightUnit, weightUnitFromSetting } from './products';
import { MAX_PER_PAGE, listAll } from './routes';
import { type WooBatchItem, isBatchError } from './wire';

/**
 * What the adapter learns from the store once and keeps: its weight unit, and the product tags by name
 * (products reference tags by id, so a tag is created before the first product that needs it).
 */
export class StoreSettings {
  private weightUnit: Promise<WeightUnit> | null = null;
  private tags: Map<string, number> | null = null;

  constructor(private readonly client: WooClient) {}

  unit(): Promise<WeightUnit> {
    this.weightUnit ??= this.client.get<{ value?: unknown }>('settings/products/woocommerce_weight_unit')
      .then((r) => weightUnitFromSetting(r.data.value))
      // A key without settings access still reads products; WooCommerce's default unit is kg.
      .catch(() => 'kg' as const);
    return this.weightUnit;
  }

  /** The store's product tags by lower-case name, read once; creates nothing (the migration preview uses it). */
  async knownTagIds(): Promise<Map<string, number>> {
    if (!this.tags) {
      const all = await listAll((page) => this.client.get<{ id: number; name: string }[]>('products/tags', { per_page: MAX_PER_PAGE, page, orderby: 'id', order: 'asc' }));
      this.tags = new Map(all.map((t) => [t.name.toLowerCase(), t.id]));
    }
    return this.tags;
  }

  async tagIds(names: string[]): Promise<Map<string, number>> {
    this.tags = await this.knownTagIds();
    const missing = [...new Set(names.filter((n) => !this.tags?.has(n.toLowerCase())))];
    if (missing.length) {
      const { data } = await this.client.post<{ create: WooBatchItem<{ id: number; name: string }>[] }>('products/tags/batch', { create: missing.map((name) => ({ name })) });
      for (const [index, item] of data.create.entries()) {
        const name = missing[index] as string;
        if (!isBatchError(item)) this.tags.set(name.toLowerCase(), item.id);
        else if (typeof item.error.data === 'object' && 'resource_id' in item.error.data) this.tags.set(name.toLowerCase(), Number((item.error.data as { resource_id: unknown }).resource_id));
      }
    }
    return this.tags;
  }
}
