import { z } from 'zod';
import { connectionNameSchema, connectionSchema } from './connections';

/** A codec key: an id written into each payload's metadata, and 32 bytes of AES-256 key in base64. */
export const codecKeySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a codec key is 32 bytes in base64 (44 characters)'),
});
export type CodecKey = z.infer<typeof codecKeySchema>;

export const configSchema = z.object({
  temporal: z.object({
    /** Unset: the embedded default starts its own dev server. */
    address: z.string().min(1).optional(),
    namespace: z.string().min(1).default('default'),
    taskQueue: z.string().min(1).default('cutover'),
  }).prefault({}),
  /** Where the embedded default keeps its state (Temporal's SQLite file, PGlite, generated codec keys). */
  dataDir: z.string().min(1).default('.data'),
  database: z.object({
    /** A PostgreSQL server; unset means PGlite embedded under dataDir. */
    url: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  }).prefault({}),
  codec: z.object({
    /** The first key encrypts; all of them decrypt, so keys can be rotated. Unset: generated under dataDir. */
    keys: z.array(codecKeySchema).min(1).optional(),
    /** Bearer token the codec server demands of the CLI and automation; unset: generated beside the keys. */
    serverToken: z.string().min(16).optional(),
    /**
     * The stock Temporal UI sends no token of ours: with the ingress bound to loopback, a request from one of
     * `ingress.corsOrigins` with no Authorization header is served. Set false when anything forwards outside
     * traffic to a loopback ingress (a reverse proxy on the same host).
     */
    loopbackUi: z.boolean().default(true),
    /** A deployed UI's OIDC access token (the UI's "pass access token"), verified against the issuer's keys. */
    oidc: z.object({
      issuer: z.url(),
      /** The audience (`aud`) the tokens must carry: the API the UI's login asks a token for. */
      audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      /** Unset: the `jwks_uri` of the issuer's /.well-known/openid-configuration. */
      jwksUri: z.url().optional(),
      /** Temporal's default claim mapper: entries `<namespace>:<read|write|worker|admin>`. */
      permissionsClaim: z.string().min(1).default('permissions'),
    }).optional(),
  }).prefault({}),
  ingress: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Origins allowed to call the codec server from a browser: the Temporal UI. */
    corsOrigins: z.array(z.string()).default(['http://localhost:8233', 'http://127.0.0.1:8233']),
    /** Bearer token of the operator API (settings, credits, logs, reports, console tokens); unset: generated under dataDir. */
    operatorToken: z.string().min(16).optional(),
    /** Where shoppers reach the ingress from outside: tracking links in alerts point here. */
    publicUrl: z.url().transform((u) => u.replace(/\/+$/, '')).default('http://127.0.0.1:8080'),
    /** Per client address on the shoppers' routes (/t/, /push/): a token bucket; past it, 429 with Retry-After. */
    rateLimit: z.object({
      burst: z.number().int().min(1).default(20),
      perMinute: z.number().positive().default(60),
      /** Behind the operator's reverse proxy: the client is the last X-Forwarded-For hop. Never set without one. */
      trustProxy: z.boolean().default(false),
    }).prefault({}),
  }).prefault({}),
  observability: z.object({
    /** JSON log lines (pino) at this level and above, from the worker, the SDK and the ingress. */
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
    /** host:port where the worker's SDK serves Prometheus metrics; the ingress's /metrics includes them. */
    sdkMetricsAddress: z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[^\s:/]+):\d{1,5}$/, 'expected host:port').default('127.0.0.1:9464'),
    /** Where the ingress reads the worker's SDK metrics; unset: http://<sdkMetricsAddress>/metrics (same machine). */
    sdkMetricsUrl: z.url().optional(),
    /** Bearer token for scraping the ingress's /metrics from another host; unset: loopback clients only. */
    metricsToken: z.string().min(16).optional(),
    /**
     * Stack frames in workflow code: the Temporal UI's Stack Trace tab and the frames of errors thrown by a
     * workflow. Off by default, because they cost the worker a stack trace for every promise a workflow makes
     * (see WORKFLOW_STACK_TRACES_OFF in src/worker.ts); turn on to debug a stuck workflow.
     */
    workflowStackTraces: z.boolean().default(false),
  }).prefault({}),
  connections: z.record(connectionNameSchema, connectionSchema).default({}),
});
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
