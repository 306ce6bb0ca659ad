import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchema, type Config, type ConfigInput } from '../domain/config';
import { connectionSchema } from '../domain/connections';
import { describeIssues } from '../domain/validation';
import { readTemporalProfile, TEMPORAL_PROFILE_ENV_VARS } from '../runtime/temporal-profile';

export class ConfigError extends Error {
  constructor(readonly problems: string[], source: string) {
    super(`invalid configuration (${source}):\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Every environment variable the configuration reads (docker-compose.yml is checked against this list). */
export const CONFIG_ENV_VARS = [
  'CUTOVER_CONFIG', 'CUTOVER_CONNECTIONS', 'CUTOVER_DATA_DIR', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'CUTOVER_TASK_QUEUE',
  'DATABASE_URL', 'CUTOVER_CODEC_KEYS', 'CUTOVER_CODEC_TOKEN', 'INGRESS_HOST', 'INGRESS_PORT', 'CUTOVER_UI_ORIGINS',
  'CUTOVER_PUBLIC_URL', 'CUTOVER_OPERATOR_TOKEN', 'CUTOVER_CODEC_LOOPBACK_UI', 'CUTOVER_CODEC_OIDC_ISSUER', 'CUTOVER_CODEC_OIDC_AUDIENCE',
  'CUTOVER_CODEC_OIDC_JWKS_URI', 'CUTOVER_LOG_LEVEL', 'CUTOVER_SDK_METRICS_ADDRESS', 'CUTOVER_SDK_METRICS_URL',
  'CUTOVER_METRICS_TOKEN', 'CUTOVER_WORKFLOW_STACK_TRACES', ...TEMPORAL_PROFILE_ENV_VARS,
] as const;

function int(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new ConfigError([`${name}: expected an integer, got "${raw}"`], 'environment');
  return value;
}

function bool(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError([`${name}: expected true or false, got "${raw}"`], 'environment');
}

/** The codec's OIDC settings from the environment, over the file's; the issuer alone turns them on. */
type OidcInput = NonNullable<NonNullable<ConfigInput['codec']>['oidc']>;
function codecOidc(env: Env, fromFile: ConfigInput['codec']): OidcInput | undefined {
  const fromEnv = dropUndefined({
    issuer: env.CUTOVER_CODEC_OIDC_ISSUER,
    audience: env.CUTOVER_CODEC_OIDC_AUDIENCE?.includes(',') ? env.CUTOVER_CODEC_OIDC_AUDIENCE.split(',') : env.CUTOVER_CODEC_OIDC_AUDIENCE,
    jwksUri: env.CUTOVER_CODEC_OIDC_JWKS_URI,
  });
  if (!fromFile?.oidc && Object.keys(fromEnv).length === 0) return undefined;
  // Partial on purpose: the schema names whichever of issuer and audience is still missing.
  return { ...fromFile?.oidc, ...fromEnv } as OidcInput;
}

function json(env: Env, name: string): unknown {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new ConfigError([`${name}: not valid JSON (${(err as Error).message})`], 'environment');
  }
}

/** `id:base64key,id2:base64key`, first one active: the form a deployment passes in one env var. */
function codecKeys(env: Env): { id: string; key: string }[] | undefined {
  const raw = env.CUTOVER_CODEC_KEYS;
  if (!raw) return undefined;
  return raw.split(',').map((entry) => {
    const at = entry.indexOf(':');
    return at < 0 ? { id: '', key: entry } : { id: entry.slice(0, at).trim(), key: entry.slice(at + 1).trim() };
  });
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads the configuration: an optional JSON file (CUTOVER_CONFIG, else ./cutover.config.json when present),
 * then environment variables on top. Every problem is reported with its field path.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const file = env.CUTOVER_CONFIG ?? (existsSync(resolve(cwd, 'cutover.config.json')) ? 'cutover.config.json' : undefined);
  let fromFile: ConfigInput = {};
  if (file) {
    const path = resolve(cwd, file);
    try {
      fromFile = JSON.parse(readFileSync(path, 'utf8')) as ConfigInput;
    } catch (err) {
      throw new ConfigError([`${path}: ${(err as Error).message}`], 'config file');
    }
  }
  const extraConnections = json(env, 'CUTOVER_CONNECTIONS');
  // The Temporal profile (temporal.toml) is the lowest layer for where Temporal is; TLS and API keys stay in
  // the profile and are read when connecting (src/runtime/temporal.ts), never copied into the configuration.
  let profile: { address?: string; namespace?: string };
  try {
    const { address, namespace } = readTemporalProfile(env, { fileOnly: true });
    profile = dropUndefined({ address, namespace });
  } catch (err) {
    throw new ConfigError([(err as Error).message], 'Temporal profile');
  }
  const merged: ConfigInput = {
    ...fromFile,
    dataDir: env.CUTOVER_DATA_DIR ?? fromFile.dataDir,
    temporal: { ...profile, ...fromFile.temporal, ...dropUndefined({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.CUTOVER_TASK_QUEUE }) },
    database: { ...fromFile.database, ...dropUndefined({ url: env.DATABASE_URL }) },
    codec: {
      ...fromFile.codec,
      ...dropUndefined({ keys: codecKeys(env), serverToken: env.CUTOVER_CODEC_TOKEN, loopbackUi: bool(env, 'CUTOVER_CODEC_LOOPBACK_UI'), oidc: codecOidc(env, fromFile.codec) }),
    },
    ingress: {
      ...fromFile.ingress,
      ...dropUndefined({
        host: env.INGRESS_HOST, port: int(env, 'INGRESS_PORT'), corsOrigins: env.CUTOVER_UI_ORIGINS?.split(','), publicUrl: env.CUTOVER_PUBLIC_URL,
        operatorToken: env.CUTOVER_OPERATOR_TOKEN,
      }),
    },
    observability: {
      ...fromFile.observability,
      ...dropUndefined({
        logLevel: env.CUTOVER_LOG_LEVEL as NonNullable<ConfigInput['observability']>['logLevel'],
        sdkMetricsAddress: env.CUTOVER_SDK_METRICS_ADDRESS, sdkMetricsUrl: env.CUTOVER_SDK_METRICS_URL, metricsToken: env.CUTOVER_METRICS_TOKEN,
        workflowStackTraces: bool(env, 'CUTOVER_WORKFLOW_STACK_TRACES'),
      }),
    },
    connections: { ...fromFile.connections, ...(extraConnections as ConfigInput['connections']) },
  };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error), file ? `${file} and environment` : 'environment');
  return parsed.data;
}

/** Validates one connection on its own, e.g. a connection added by a test at run time. */
export function parseConnection(input: unknown): ReturnType<typeof connectionSchema.parse> {
  const parsed = connectionSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error), 'connection');
  return parsed.data;
}
