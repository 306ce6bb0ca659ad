import { z } from 'zod';

/**
 * A secret value in configuration: written inline (embedded default and tests), or better, named by the
 * environment variable or file that holds it. Only activities resolve secrets; workflows see names.
 */
export const secretSchema = z.union([
  z.string().min(1),
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
]);
export type Secret = z.infer<typeof secretSchema>;

const url = z.url();

/** Every connection may point at another base URL than the vendor's: a simulator, a proxy, a region. */
const endpoint = { endpoint: url.optional() };

/**
 * The Shopify Admin API version a connection uses unless it names one: the one place it is written. Shopify
 * supports each quarterly version for 12 months and then answers it with the oldest supported one instead,
 * so this moves with the adapter (and its contract test against that version's schema).
 */
export const DEFAULT_SHOPIFY_API_VERSION = '2026-10';

export const shopifyConnectionSchema = z.object({
  kind: z.literal('shopify'),
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'expected <shop>.myshopify.com'),
  apiVersion: z.string().regex(/^\d{4}-\d{2}$/).default(DEFAULT_SHOPIFY_API_VERSION),
  accessToken: secretSchema,
  webhookSecret: secretSchema.optional(),
  ...endpoint,
}).strict();

export const wooCommerceConnectionSchema = z.object({
  kind: z.literal('woocommerce'),
  url,
  consumerKey: secretSchema,
  consumerSecret: secretSchema,
  webhookSecret: secretSchema.optional(),
}).strict();

export const tiendanubeConnectionSchema = z.object({
  kind: z.literal('tiendanube'),
  storeId: z.string().min(1),
  accessToken: secretSchema,
  appSecret: secretSchema,
  /** Tiendanube answers 400 without a User-Agent naming the app and a contact: "MyApp (ops@myapp.example)". */
  userAgent: z.string().regex(/^\S.*\(\S+\)$/, 'the app\'s name and a contact email or URL in parentheses, e.g. "MyApp (ops@myapp.example)"').optional(),
  ...endpoint,
}).strict();

export const bigcommerceConnectionSchema = z.object({
  kind: z.literal('bigcommerce'),
  /** The store's permanent id in its API paths (https://api.bigcommerce.com/stores/<storeHash>/v3). */
  storeHash: z.string().regex(/^[a-z0-9]+$/, 'the store hash from the API path, e.g. "abc123xyz"'),
  /** A store-level or app API account's access token (sent as X-Auth-Token). */
  accessToken: secretSchema,
  ...endpoint,
}).strict();

export const klaviyoConnectionSchema = z.object({
  kind: z.literal('klaviyo'),
  privateApiKey: secretSchema,
  ...endpoint,
}).strict();

export const omnisendConnectionSchema = z.object({
  kind: z.literal('omnisend'),
  apiKey: secretSchema,
  ...endpoint,
}).strict();

export const cortexConnectionSchema = z.object({
  kind: z.literal('cortex'),
  sftpHost: z.string().min(1),
  sftpPort: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  password: secretSchema.optional(),
  privateKey: secretSchema.optional(),
  csmEmail: z.email().default('help@retentionscience.com'),
}).strict().refine((c) => c.password !== undefined || c.privateKey !== undefined, {
  message: 'a Cortex SFTP connection needs a password or a privateKey',
  path: ['password'],
});

export const smtpConnectionSchema = z.object({
  kind: z.literal('smtp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  user: z.string().optional(),
  password: secretSchema.optional(),
  from: z.string().min(3),
}).strict();

export const twilioConnectionSchema = z.object({
  kind: z.literal('twilio'),
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected an Account SID: AC followed by 32 hex digits'),
  authToken: secretSchema,
  from: z.string().min(2),
  statusCallbackUrl: url.optional(),
  ...endpoint,
}).strict();

export const webPushConnectionSchema = z.object({
  kind: z.literal('webpush'),
  vapidPublicKey: z.string().min(20),
  vapidPrivateKey: secretSchema,
  subject: z.string().regex(/^(mailto:|https:)/, 'a VAPID subject is a mailto: or https: URL'),
  /**
   * The storefront's key for signing subscription tokens (HMAC-SHA256, 32+ characters): the ingress takes a
   * browser's subscription only with a token the store's page signed for the shopper. Unset: none are taken.
   * Read by the ingress only (not in secretFields, so a worker without it still sends).
   */
  subscribeSecret: secretSchema.optional(),
  /**
   * Push service hosts ("host:port") taken besides the browsers' own (FCM, Mozilla, Apple, Windows): only for
   * the push service simulator in tests. Never needed in production.
   */
  extraPushServiceHosts: z.array(z.string().regex(/^[^\s/:@]+(:\d{1,5})?$/, 'host or host:port')).optional(),
}).strict();

export const connectionSchema = z.discriminatedUnion('kind', [
  shopifyConnectionSchema,
  wooCommerceConnectionSchema,
  tiendanubeConnectionSchema,
  bigcommerceConnectionSchema,
  klaviyoConnectionSchema,
  omnisendConnectionSchema,
  cortexConnectionSchema,
  smtpConnectionSchema,
  twilioConnectionSchema,
  webPushConnectionSchema,
]);
export type Connection = z.infer<typeof connectionSchema>;
export type ConnectionKind = Connection['kind'];
export type ConnectionOf<K extends ConnectionKind> = Extract<Connection, { kind: K }>;

/** What a workflow input carries instead of credentials: the connection's name in configuration. */
export const connectionNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'a connection name is letters, digits, ".", "_" or "-"');

/** Which fields of each kind hold secrets: only these are resolved, and only inside activities. */
export const secretFields = {
  shopify: ['accessToken', 'webhookSecret'],
  woocommerce: ['consumerKey', 'consumerSecret', 'webhookSecret'],
  tiendanube: ['accessToken', 'appSecret'],
  bigcommerce: ['accessToken'],
  klaviyo: ['privateApiKey'],
  omnisend: ['apiKey'],
  cortex: ['password', 'privateKey'],
  smtp: ['password'],
  twilio: ['authToken'],
  webpush: ['vapidPrivateKey'],
} as const satisfies { [K in ConnectionKind]: readonly (keyof ConnectionOf<K>)[] };

export type SecretField<K extends ConnectionKind> = (typeof secretFields)[K][number];
