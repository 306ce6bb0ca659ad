import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { codecKeySchema, type CodecKey, type Config } from '../domain/config';

const keyFileSchema = z.object({ keys: z.array(codecKeySchema).min(1), serverToken: z.string().min(16) });

export interface CodecSettings {
  keys: CodecKey[];
  serverToken: string;
  /** Where they came from, for the start-up banner: never the values themselves. */
  source: 'config' | 'generated' | 'data-dir';
}

export function generateCodecKey(id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): CodecKey {
  return { id, key: randomBytes(32).toString('base64') };
}

/**
 * Codec keys from configuration, else from `<dataDir>/codec-keys.json`, generated on first use so the
 * embedded default encrypts from its very first workflow. A production deployment configures its keys.
 */
export function resolveCodecSettings(config: Config, log: (line: string) => void = () => {}): CodecSettings {
  const file = join(config.dataDir, 'codec-keys.json');
  const stored = existsSync(file) ? keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
  if (config.codec.keys) {
    const serverToken = config.codec.serverToken ?? stored?.serverToken ?? randomBytes(24).toString('base64url');
    return { keys: config.codec.keys, serverToken, source: 'config' };
  }
  if (stored) return { keys: stored.keys, serverToken: config.codec.serverToken ?? stored.serverToken, source: 'data-dir' };
  const generated = { keys: [generateCodecKey()], serverToken: config.codec.serverToken ?? randomBytes(24).toString('base64url') };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
  log(`no codec key configured: generated one in ${file} (set CUTOVER_CODEC_KEYS in production)`);
  return { ...generated, source: 'generated' };
}

/**
 * The codec server's bearer token as configured or stored, without generating anything: what a client
 * (the `temporal` shim) sends. Undefined when `npm run dev` has not run yet and nothing is configured.
 */
export function storedCodecServerToken(config: Config): string | undefined {
  if (config.codec.serverToken) return config.codec.serverToken;
  const file = join(config.dataDir, 'codec-keys.json');
  return existsSync(file) ? keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).serverToken : undefined;
}
