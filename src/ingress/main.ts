// The ingress as a service of its own (docker-compose's cutover-ingress); `npm run dev` starts it in-process.
import { resolveCodecSettings } from '../codec/keys';
import { loadConfig } from '../config/load';
import { resolveOperatorToken } from '../config/operator-token';
import { createLogger, sdkMetricsUrl } from '../runtime/observability';
import { connectClient } from '../runtime/temporal';
import { openStore, storeOptionsFor } from '../store/database';
import { createIngressObservability } from './observability';
import { ingressRoutes } from './routes';
import { startIngress } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.observability.logLevel, service: 'ingress' });
  const codec = resolveCodecSettings(config, (line) => logger.info(line));
  const store = await openStore(storeOptionsFor(config));
  const client = await connectClient(config, codec.keys);
  const operatorToken = resolveOperatorToken(config, (line) => logger.info(line));
  const observability = createIngressObservability({
    logger, store, client, sdkMetricsUrl: sdkMetricsUrl(config), metricsToken: config.observability.metricsToken,
  });
  const ingress = await startIngress(ingressRoutes(config, codec, store, { client, operatorToken }), { ...config.ingress, observability });
  logger.info({ url: ingress.url, sdkMetrics: sdkMetricsUrl(config) }, `ingress on ${ingress.url}`);
  const stop = (): void => void ingress.close().then(() => client.connection.close()).then(() => store.destroy()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
