import { PlatformError } from '../errors';
import type { PlatformWebhook, PlatformWebhooks } from '../types';
import type { WooClient } from './client';
import { MAX_PER_PAGE } from './routes';

/** A webhook as wc/v3 answers it (GET /webhooks): the fields Cutover reads. */
interface WooWebhook {
  id: number;
  name: string;
  status: string;
  topic: string;
  delivery_url: string;
}

function isWooWebhook(value: unknown): value is WooWebhook {
  const w = value as Partial<WooWebhook> | null;
  return typeof w === 'object' && w !== null && typeof w.id === 'number' && typeof w.topic === 'string' && typeof w.delivery_url === 'string';
}

/**
 * The store's webhooks through REST wc/v3 (`GET /webhooks`, `DELETE /webhooks/<id>?force=true`): webhooks
 * cannot be trashed, so a delete without `force` is refused with 501.
 */
export function wooWebhooks(client: WooClient): PlatformWebhooks {
  return {
    async listWebhooks(): Promise<PlatformWebhook[]> {
      const all: PlatformWebhook[] = [];
      for (let page = 1; ; page += 1) {
        const { data, totalPages } = await client.get<unknown>('webhooks', { per_page: MAX_PER_PAGE, page, orderby: 'id', order: 'asc', status: 'all' });
        if (!Array.isArray(data)) throw new PlatformError('WooCommerce GET webhooks: the answer is not a list', false);
        for (const item of data) {
          if (!isWooWebhook(item)) throw new PlatformError(`WooCommerce GET webhooks: an entry lacks id, topic or delivery_url: ${JSON.stringify(item).slice(0, 200)}`, false);
          all.push({ id: String(item.id), topic: item.topic, address: item.delivery_url, status: item.status ?? null });
        }
        if (data.length < MAX_PER_PAGE || (totalPages !== null && page >= totalPages)) return all;
      }
    },

    async deleteWebhook(id: string): Promise<'deleted' | 'not-found'> {
      if (!/^\d+$/.test(id)) throw new PlatformError(`"${id}" is not a WooCommerce webhook id`, false);
      try {
        await client.delete(`webhooks/${id}`, { force: true });
        return 'deleted';
      } catch (err) {
        if (err instanceof PlatformError && err.status === 404) return 'not-found';
        throw err;
      }
    },
  };
}
