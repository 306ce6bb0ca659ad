import type { TiendanubeClient } from './client';
import type { KeptOrderFields } from './read';
import type { TnMetafield } from './wire';

export const NAMESPACE = 'cutover';
export const KEY = 'source_order';

/**
 * The `cutover.source_order` metafields of the store's orders, by order id: what Cutover keeps of the orders
 * it wrote (read.ts KeptOrderFields). Loaded once per adapter, then only those created or changed since
 * (updated_at_min, one second early: the API compares strictly), so a page of orders costs one request
 * whatever the store's size; a store Cutover never wrote to answers an empty list.
 */
export class OrderNotes {
  private readonly byOrder = new Map<number, { id: number; kept: KeptOrderFields }>();
  private loadedUpTo: string | null = null;

  constructor(private readonly client: TiendanubeClient, private readonly now: () => Date = () => new Date()) {}

  async refresh(): Promise<void> {
    const startedAt = new Date(this.now().getTime() - 1000).toISOString();
    for (let page = 1; ; page += 1) {
      const query: Record<string, string> = { namespace: NAMESPACE, key: KEY, per_page: '200', page: String(page) };
      if (this.loadedUpTo) query.updated_at_min = this.loadedUpTo;
      let answer;
      try {
        answer = await this.client.getWithHeaders<TnMetafield[]>('/metafields/orders', query);
      } catch (err) {
        // Past the last page the API answers 404 ("Last page is N").
        if (page > 1 && (err as { status?: number }).status === 404) break;
        throw err;
      }
      for (const field of answer.data) this.remember(field);
      if (!answer.headers.get('link')?.includes('rel="next"')) break;
    }
    this.loadedUpTo = startedAt;
  }

  private remember(field: TnMetafield): void {
    try {
      this.byOrder.set(field.owner_id, { id: field.id, kept: JSON.parse(field.value) as KeptOrderFields });
    } catch {
      // Not ours to read: a value someone else wrote under our key is ignored rather than trusted.
    }
  }

  get(orderId: number): KeptOrderFields | null {
    return this.byOrder.get(orderId)?.kept ?? null;
  }

  /** The order Cutover wrote for this source number, if any. */
  orderWithNumber(number: string): number | null {
    for (const [orderId, entry] of this.byOrder) if (entry.kept.number === number) return orderId;
    return null;
  }

  /** Writes (or rewrites) what Cutover keeps of an order. */
  async save(orderId: number, kept: KeptOrderFields): Promise<void> {
    const value = JSON.stringify(kept);
    const known = this.byOrder.get(orderId);
    if (known) {
      await this.client.send('PUT', `/metafields/${known.id}`, { value });
    } else {
      const created = await this.client.send<TnMetafield>('POST', '/metafields', {
        namespace: NAMESPACE, key: KEY, value, owner_resource: 'Order', owner_id: orderId,
        description: 'What Cutover migrated of this order that Tiendanube has no field for (source number, line names, taxes, shipments)',
      });
      this.byOrder.set(orderId, { id: created.id, kept });
      return;
    }
    this.byOrder.set(orderId, { id: known.id, kept });
  }

  forget(orderId: number): void {
    this.byOrder.delete(orderId);
  }
}
