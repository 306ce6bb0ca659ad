import { PlatformError } from '../errors';
import type { PlatformWebhook, PlatformWebhooks } from '../types';
import { type ShopifyGraphqlClient, type UserError, userErrorMessage } from './graphql-client';

// Written against the Admin GraphQL schema 2026-10: `uri` replaces the deprecated `callbackUrl` and
// `endpoint`, and holds an HTTPS URL, an EventBridge ARN or a Pub/Sub URI alike.
const LIST = `query CutoverWebhooks($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after, sortKey: ID) {
    nodes { id topic uri }
    pageInfo { hasNextPage endCursor }
  }
}`;

const DELETE = `mutation CutoverWebhookDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) {
    deletedWebhookSubscriptionId
    userErrors { field message }
  }
}`;

interface ListData {
  webhookSubscriptions: { nodes: { id: string; topic: string; uri: string | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
interface DeleteData {
  webhookSubscriptionDelete: { deletedWebhookSubscriptionId: string | null; userErrors: UserError[] } | null;
}

const PAGE = 100;

/**
 * The shop's webhook subscriptions through the GraphQL Admin API. A delete of a subscription that no longer
 * exists comes back as a user error on `id`: that is "already gone", not a failure.
 */
export function shopifyWebhooks(client: ShopifyGraphqlClient): PlatformWebhooks {
  return {
    async listWebhooks(): Promise<PlatformWebhook[]> {
      const all: PlatformWebhook[] = [];
      let after: string | null = null;
      for (;;) {
        const data: ListData = await client.request<ListData>(LIST, { first: PAGE, after });
        for (const node of data.webhookSubscriptions.nodes) all.push({ id: node.id, topic: node.topic, address: node.uri ?? '', status: null });
        const { hasNextPage, endCursor } = data.webhookSubscriptions.pageInfo;
        if (!hasNextPage || !endCursor) return all;
        after = endCursor;
      }
    },

    async deleteWebhook(id: string): Promise<'deleted' | 'not-found'> {
      if (!id.startsWith('gid://shopify/WebhookSubscription/')) throw new PlatformError(`"${id}" is not a Shopify WebhookSubscription id`, false);
      const data = await client.request<DeleteData>(DELETE, { id });
      const payload = data.webhookSubscriptionDelete;
      if (!payload) throw new PlatformError(`Shopify webhookSubscriptionDelete ${id}: no payload`, false);
      if (payload.deletedWebhookSubscriptionId) return 'deleted';
      const errors = payload.userErrors;
      if (errors.length > 0 && errors.every((e) => e.field?.[0] === 'id')) return 'not-found';
      throw new PlatformError(`Shopify webhookSubscriptionDelete ${id}: ${userErrorMessage(errors) ?? 'nothing deleted'}`, false);
    },
  };
}
