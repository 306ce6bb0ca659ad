/**
 * Cutover's main job on the embedded default: a Temporal dev server persisted to .data/temporal.db with
 * its Web UI on :8233 and our search attributes, PGlite under .data/, the worker and the ingress server.
 * With TEMPORAL_ADDRESS set it connects there and starts no server. Ctrl-C stops everything; the next
 * run resumes the workflows that were in flight (they live in the SQLite file).
 *
 * With no connection configured it also starts the sandbox (scripts/sandbox): simulated stores and accounts
 * under the README's connection names, with their history and store in <dataDir>/sandbox/, emptied at
 * every start (`--no-sandbox` turns it off; it never runs beside configured connections).
 */
import { join, resolve } from 'node:path';
import { resolveCodecSettings } from '../src/codec/keys';
import { loadConfig } from '../src/config/load';
import { resolveOperatorToken } from '../src/config/operator-token';
import { ConnectionRegistry } from '../src/config/secrets';
import { createIngressObservability } from '../src/ingress/observability';
import { codecServesLoopbackUi, ingressRoutes } from '../src/ingress/routes';
import { startIngress } from '../src/ingress/server';
import { superviseDevServer, type SupervisedDevServer, temporalCliPath } from '../src/runtime/dev-server';
import { createLogger, installWorkerRuntime, sdkMetricsUrl } from '../src/runtime/observability';
import { ensureSchedules } from '../src/runtime/schedules';
import { connectClient, connectWorkerConnection } from '../src/runtime/temporal';
import { openStore, storeOptionsFor } from '../src/store/database';
import { createCutoverWorker } from '../src/worker';
import { createConnectorSenders } from '../src/activities/purchase/connector-senders';
import { cutoverSearchAttributes } from '../src/workflows/search-attributes';
import { announceSandbox, freshSandboxDir, type Sandbox, SandboxRefused, sandboxWanted, startSandbox } from './sandbox';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string): void => console.log(`[cutover] ${line}`);
  // The SDK's and the ingress's lines are JSON (pino); the SDK's metrics are merged into the ingress's /metrics.
  const logger = createLogger({ level: config.observability.logLevel, service: 'cutover' });
  installWorkerRuntime(config, logger);
  const codec = resolveCodecSettings(config, log);
  const codecEndpoint = `http://localhost:${config.ingress.port}/codec`;
  const sandboxOn = sandboxWanted(config, process.argv.slice(2));
  // The sandbox's history and store start over with its simulators (scripts/sandbox/index.ts says why).
  const stateDir = sandboxOn ? freshSandboxDir(config.dataDir) : config.dataDir;

  let devServer: SupervisedDevServer | undefined;
  if (!config.temporal.address) {
    const cli = temporalCliPath();
    // Started again on the same file and port if it dies (kill -9): the worker and the ingress's client reconnect.
    devServer = await superviseDevServer({
      cli,
      dbFile: resolve(join(stateDir, 'temporal.db')),
      port: 7233,
      uiPort: 8233,
      namespace: config.temporal.namespace,
      searchAttributes: cutoverSearchAttributes,
      codecEndpoint,
    }, (event) => {
      if ('exit' in event) log(`the Temporal dev server exited (${event.exit}): starting it again on the same history file`);
      else if ('restarted' in event) log(`the Temporal dev server is back on ${event.restarted.address}`);
      else log(`the Temporal dev server could not be started again: ${event.failed.message}`);
    });
    config.temporal.address = devServer.current().address;
    log(`Temporal dev server on ${devServer.current().address}, Web UI on ${devServer.current().uiUrl} (history in ${join(stateDir, 'temporal.db')})`);
  } else {
    log(`using the Temporal server at ${config.temporal.address}`);
  }

  const store = await openStore(storeOptionsFor({ ...config, dataDir: stateDir }));
  log(config.database.url ? 'database: PostgreSQL at DATABASE_URL' : `database: PGlite in ${join(stateDir, 'pglite')}`);

  const client = await connectClient(config, codec.keys);
  await ensureSchedules(client, config.temporal.taskQueue);
  log('schedule: communication-log retention (purgeCommunicationLog, hourly, 5 days)');
  const connections = new ConnectionRegistry(config.connections);
  let sandbox: Sandbox | undefined;
  if (sandboxOn) {
    sandbox = await startSandbox({ ingressUrl: config.ingress.publicUrl, log });
    for (const [name, simulated] of Object.entries(sandbox.connections)) connections.register(name, simulated);
    await sandbox.seedStore(store);
    announceSandbox(config.dataDir, sandbox);
  }
  const operatorToken = resolveOperatorToken(config, log);
  const observability = createIngressObservability({
    logger, store, client, sdkMetricsUrl: sdkMetricsUrl(config), metricsToken: config.observability.metricsToken,
  });
  const ingress = await startIngress(ingressRoutes(config, codec, store, { client, connections, operatorToken }), { ...config.ingress, observability });
  log(`ingress on ${ingress.url}: codec server at ${ingress.url}/codec (${codecServesLoopbackUi(config) ? 'the Web UI decodes without a token over loopback; ' : ''}`
    + `the CLI's token: ./bin/temporal passes it), operator API (its token: ${join(config.dataDir, 'operator-token.json')} or CUTOVER_OPERATOR_TOKEN), `
    + 'merchant consoles (`./bin/cutover console token create <store>`)');

  const connection = await connectWorkerConnection(config);
  // Built here so that stopping closes their pooled SMTP and keep-alive connections.
  const channels = createConnectorSenders(connections, sandbox?.channelFactories, { publicUrl: config.ingress.publicUrl });
  const worker = await createCutoverWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    codecKeys: codec.keys,
    deps: { connections, store, publicUrl: config.ingress.publicUrl, channels },
    workflowStackTraces: config.observability.workflowStackTraces,
  });
  log(`worker polling task queue "${config.temporal.taskQueue}"; Ctrl-C stops everything`);
  for (const line of sandbox?.banner() ?? []) log(line);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    worker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await worker.run();
  } finally {
    await channels.close();
    await ingress.close();
    await sandbox?.close();
    await client.connection.close();
    await connection.close();
    await store.destroy();
    await devServer?.stop();
    log('stopped');
  }
}

main().catch((err: unknown) => {
  // A refused --sandbox is the user's choice to revisit, not a crash: its message says what to change.
  console.error(err instanceof SandboxRefused ? err.message : err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
