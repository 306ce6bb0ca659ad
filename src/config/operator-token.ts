import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../domain/config';

const tokenFileSchema = z.object({ operatorToken: z.string().min(16) });

export function operatorTokenFile(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'operator-token.json');
}

/**
 * The operator API's bearer token: from configuration, else `<dataDir>/operator-token.json`, generated on
 * first use like the codec's token (the embedded default works at once; a deployment configures its own).
 * It is a credential of its own: the codec server and the merchant consoles never accept it.
 */
export function resolveOperatorToken(config: Pick<Config, 'dataDir' | 'ingress'>, log: (line: string) => void = () => {}): string {
  if (config.ingress.operatorToken) return config.ingress.operatorToken;
  const file = operatorTokenFile(config);
  if (existsSync(file)) return tokenFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).operatorToken;
  const operatorToken = randomBytes(24).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ operatorToken }, null, 2), { mode: 0o600 });
  log(`no operator token configured: generated one in ${file} (set CUTOVER_OPERATOR_TOKEN in production)`);
  return operatorToken;
}

/** The operator token as configured or stored, generating nothing: what a client sends to the running service. */
export function storedOperatorToken(config: Pick<Config, 'dataDir' | 'ingress'>): string | undefined {
  if (config.ingress.operatorToken) return config.ingress.operatorToken;
  const file = operatorTokenFile(config);
  return existsSync(file) ? tokenFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).operatorToken : undefined;
}
