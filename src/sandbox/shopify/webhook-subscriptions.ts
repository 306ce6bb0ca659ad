import { GraphQLError } from 'graphql';
import { SIMULATED_API_VERSION } from './api-versions';
import { paginate, sortBy, type ConnectionArgs } from './connection';
import { gid, parseGid } from './ids';
import { userError, type UserError } from './input-helpers';
import type { WebhookSubscriptionRecord } from './records';
import type { ShopStore } from './store';

/**
 * The app's shop-scoped webhook subscriptions (webhookSubscriptions, webhookSubscriptionCreate,
 * webhookSubscriptionDelete), as the schema describes them: `uri` is "an HTTPS URL, a Google Pub/Sub URI
 * (pubsub://{project-id}:{topic-id}) or an Amazon EventBridge event source ARN"; `callbackUrl` and `endpoint`
 * are its deprecated forms. Nothing is delivered: the simulator keeps the subscriptions only.
 */

interface SubscriptionInput {
  uri?: string | null; callbackUrl?: string | null; format?: string | null; filter?: string | null;
  includeFields?: string[] | null; metafieldNamespaces?: string[] | null; name?: string | null;
  metafields?: unknown[] | null;
}

function uriProblem(uri: string): string | null {
  if (/^pubsub:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9]:[A-Za-z][\w.~+%-]{2,254}$/.test(uri)) return null;
  if (/^arn:aws:events:[a-z0-9-]+::event-source\/aws\.partner\/shopify\.com(\.test)?\/\d+\/.+$/.test(uri)) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `Address is invalid: ${uri}`;
  }
  if (url.protocol !== 'https:') return `Address protocol ${url.protocol}// is not supported`;
  return null;
}

export function webhookSubscriptionView(record: WebhookSubscriptionRecord): object {
  const https = record.uri.startsWith('https://');
  return {
    id: gid('WebhookSubscription', record.id),
    legacyResourceId: String(record.id),
    topic: record.topic,
    uri: record.uri,
    callbackUrl: https ? record.uri : null,
    endpoint: https ? { __typename: 'WebhookHttpEndpoint', callbackUrl: record.uri } : null,
    format: record.format,
    filter: record.filter,
    includeFields: record.includeFields,
    metafieldNamespaces: record.metafieldNamespaces,
    metafields: [],
    name: record.name,
    apiVersion: { handle: SIMULATED_API_VERSION, displayName: SIMULATED_API_VERSION, supported: true },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function webhookSubscriptionsQuery(store: ShopStore) {
  return (args: ConnectionArgs & { callbackUrl?: string | null; format?: string | null; query?: string | null; topics?: string[] | null; uri?: string | null; sortKey?: string | null }) => {
    if (args.query) throw new GraphQLError('webhookSubscriptions(query:) is not simulated', { extensions: { code: 'NOT_SIMULATED' } });
    const matching = [...store.webhookSubscriptions.values()].filter((w) => (!args.topics || args.topics.includes(w.topic))
      && (!args.uri || w.uri === args.uri) && (!args.callbackUrl || w.uri === args.callbackUrl) && (!args.format || w.format === args.format));
    const sorted = sortBy(matching, (w) => (args.sortKey === 'ID' ? w.id : w.createdAt));
    return paginate(sorted, args, (w) => String(w.id), webhookSubscriptionView);
  };
}

export function webhookSubscriptionCreate(store: ShopStore, args: { topic: string; webhookSubscription: SubscriptionInput }): { webhookSubscription: object | null; userErrors: UserError[] } {
  const input = args.webhookSubscription;
  const fail = (e: UserError): { webhookSubscription: null; userErrors: UserError[] } => ({ webhookSubscription: null, userErrors: [e] });
  if (input.uri && input.callbackUrl) return fail(userError(['webhookSubscription'], 'Provide uri or callbackUrl, not both'));
  const uri = input.uri ?? input.callbackUrl;
  if (!uri) return fail(userError(['webhookSubscription', 'uri'], "Address can't be blank"));
  const problem = uriProblem(uri);
  if (problem) return fail(userError(['webhookSubscription', 'uri'], problem));
  if (input.metafields && input.metafields.length > 0) throw new GraphQLError('WebhookSubscriptionInput.metafields is not simulated', { extensions: { code: 'NOT_SIMULATED' } });
  const format = input.format ?? 'JSON';
  if ([...store.webhookSubscriptions.values()].some((w) => w.topic === args.topic && w.uri === uri && w.filter === (input.filter ?? null))) {
    return fail(userError(['webhookSubscription', 'callbackUrl'], 'Address for this topic has already been taken'));
  }
  const now = store.now();
  const record: WebhookSubscriptionRecord = {
    id: store.newId(), topic: args.topic, uri, format, filter: input.filter ?? null, includeFields: input.includeFields ?? [],
    metafieldNamespaces: input.metafieldNamespaces ?? [], name: input.name ?? null, createdAt: now, updatedAt: now,
  };
  store.webhookSubscriptions.set(record.id, record);
  return { webhookSubscription: webhookSubscriptionView(record), userErrors: [] };
}

export function webhookSubscriptionDelete(store: ShopStore, args: { id: string }): { deletedWebhookSubscriptionId: string | null; userErrors: UserError[] } {
  const id = parseGid(args.id, 'WebhookSubscription');
  if (id === null || !store.webhookSubscriptions.delete(id)) {
    return { deletedWebhookSubscriptionId: null, userErrors: [userError(['id'], 'Webhook subscription does not exist')] };
  }
  return { deletedWebhookSubscriptionId: gid('WebhookSubscription', id), userErrors: [] };
}
