/**
 * `npm run temporal -- <args>` and `./bin/temporal <args>`: the Temporal CLI that `npm run dev` runs (the
 * project's build, or TEMPORAL_CLI), pointed at the configured server and namespace and at the ingress's
 * codec server with its bearer token, so payloads read and written from the command line are decoded and
 * encoded. They go in as the CLI's own environment variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_CODEC_ENDPOINT, TEMPORAL_CODEC_AUTH): the equivalents of --address, --namespace, --codec-endpoint
 * and --codec-auth that every command which talks to the server reads, which keep the token out of `ps`,
 * and which a flag on the command line still overrides.
 */
import { spawn } from 'node:child_process';
import { ingressUrl } from '../src/cli/context';
import { storedCodecServerToken } from '../src/codec/keys';
import { loadConfig } from '../src/config/load';
import { temporalCliPath } from '../src/runtime/dev-server';
import { temporalAddress } from '../src/runtime/temporal';

export function temporalCliEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  const config = loadConfig(env);
  const token = storedCodecServerToken(config);
  return {
    ...env,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || temporalAddress(config),
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE || config.temporal.namespace,
    TEMPORAL_CODEC_ENDPOINT: env.TEMPORAL_CODEC_ENDPOINT || `${ingressUrl(config, env)}/codec`,
    ...(token && !env.TEMPORAL_CODEC_AUTH ? { TEMPORAL_CODEC_AUTH: `Bearer ${token}` } : {}),
  };
}

function main(): void {
  const env = temporalCliEnvironment();
  const talksToServer = !['server', 'help', 'completion', '--help', '-h', '--version', '-v', undefined].includes(process.argv[2]);
  if (!env.TEMPORAL_CODEC_AUTH && talksToServer) {
    console.error('[cutover] no codec token yet (run `npm run dev` once, or set CUTOVER_CODEC_TOKEN): payloads stay encrypted');
  }
  const child = spawn(temporalCliPath(), process.argv.slice(2), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.once('error', (err) => { console.error(err.message); process.exit(1); });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (require.main === module) main();
