// The ingress as a service of its own (docker-compose's cutover-ingress); `npm run dev` starts it in-process.
import { resolveCodecSettings } from '../codec/keys';
import { loadConfig } from '../config/load';
import { resolveOperatorToken } from '../config/operator-token';
import { connectClient } from '../runtime/temporal';
import { openStore, storeOptionsFor } from '../store/database';
import { ingressRoutes } from './routes';
import { startIngress } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const codec = resolveCodecSettings(config, (line) => console.log(line));
  const store = await openStore(storeOptionsFor(config));
  const client = await connectClient(config, codec.keys);
  const operatorToken = resolveOperatorToken(config, (line) => console.log(line));
  const ingress = await startIngress(ingressRoutes(config, codec, store, { client, operatorToken }), config.ingress);
  console.log(`ingress on ${ingress.url}`);
  const stop = (): void => void ingress.close().then(() => client.connection.close()).then(() => store.destroy()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
