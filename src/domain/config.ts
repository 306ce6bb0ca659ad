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
    /** Bearer token the codec server demands; unset: generated beside the keys. */
    serverToken: z.string().min(16).optional(),
  }).prefault({}),
  ingress: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Origins allowed to call the codec server from a browser: the Temporal UI. */
    corsOrigins: z.array(z.string()).default(['http://localhost:8233', 'http://127.0.0.1:8233']),
    /** Where shoppers reach the ingress from outside: tracking links in alerts point here. */
    publicUrl: z.url().transform((u) => u.replace(/\/+$/, '')).default('http://127.0.0.1:8080'),
  }).prefault({}),
  connections: z.record(connectionNameSchema, connectionSchema).default({}),
});
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
