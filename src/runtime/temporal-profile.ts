import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

type Env = Record<string, string | undefined>;

/**
 * The variables Temporal's own tools read for a connection (the CLI, every SDK: @temporalio/envconfig), besides
 * TEMPORAL_GRPC_META_<header>. A profile in temporal.toml (TEMPORAL_CONFIG_FILE, else
 * ~/.config/temporalio/temporal.toml; TEMPORAL_PROFILE, else "default") gives the same settings, and these
 * variables override it.
 */
export const TEMPORAL_PROFILE_ENV_VARS = [
  'TEMPORAL_CONFIG_FILE', 'TEMPORAL_PROFILE', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_API_KEY', 'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA', 'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA', 'TEMPORAL_TLS_SERVER_NAME',
] as const;

/** A connection profile as the SDK's connections take it; no field is set that the profile left out. */
export interface TemporalProfile {
  address?: string;
  namespace?: string;
  /** true: TLS with the system's roots (an API key alone turns it on, as Temporal Cloud needs). */
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export class TemporalProfileError extends Error {
  constructor(why: string) {
    super(`Temporal connection profile: ${why}`);
    this.name = 'TemporalProfileError';
  }
}

/**
 * Docker Compose passes `VAR: ${VAR:-}` as an empty string; envconfig would take an empty TEMPORAL_API_KEY
 * for a key (and turn TLS on), so an empty variable counts as unset here.
 */
function setVariables(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

/**
 * Reads the Temporal connection the Temporal way, with @temporalio/envconfig: the TOML profile, then the
 * TEMPORAL_* variables over it (fileOnly: the profile alone). Certificate files are read here, so a wrong
 * path fails at start with its name rather than at the first call.
 */
export function readTemporalProfile(env: Env = process.env, options: { fileOnly?: boolean } = {}): TemporalProfile {
  try {
    const profile = loadClientConfigProfile({ overrideEnvVars: setVariables(env), disableEnv: options.fileOnly ?? false });
    const { connectionOptions, namespace } = toClientOptions(profile);
    const result: TemporalProfile = {};
    if (connectionOptions.address) result.address = connectionOptions.address;
    if (namespace) result.namespace = namespace;
    if (connectionOptions.tls !== undefined && connectionOptions.tls !== null) result.tls = connectionOptions.tls;
    if (connectionOptions.apiKey) result.apiKey = connectionOptions.apiKey as string;
    if (connectionOptions.metadata && Object.keys(connectionOptions.metadata).length) result.metadata = connectionOptions.metadata as Record<string, string>;
    return result;
  } catch (err) {
    throw new TemporalProfileError((err as Error).message);
  }
}

/** One line for the logs: how the connection is secured, never the key or a certificate. */
export function describeTemporalSecurity(profile: TemporalProfile): string {
  const parts: string[] = [];
  if (!profile.tls) parts.push('plaintext');
  else if (profile.tls === true) parts.push('TLS (system roots)');
  else {
    parts.push(profile.tls.clientCertPair ? 'mTLS' : 'TLS');
    if (profile.tls.serverRootCACertificate) parts.push('server CA from the profile');
    if (profile.tls.serverNameOverride) parts.push(`server name ${profile.tls.serverNameOverride}`);
  }
  if (profile.apiKey) parts.push('API key');
  return parts.join(', ');
}
