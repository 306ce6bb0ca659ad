import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

const repoRoot = resolve(__dirname, '..', '..');

/** The Temporal CLI binary: TEMPORAL_CLI, a matching one on PATH, or the project's cached build (built on first use). */
export function temporalCliPath(): string {
  return execFileSync('bash', [resolve(repoRoot, 'scripts/install-temporal-cli.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The Java time-skipping test server's wrapper script, fetched from Maven Central on first use. */
export function timeSkippingServerPath(): string {
  return execFileSync('bash', [resolve(repoRoot, 'scripts/install-test-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

const cliTypeNames: Record<SearchAttributeType, string> = {
  TEXT: 'Text', KEYWORD: 'Keyword', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList',
};

export function searchAttributeArgs(keys: readonly SearchAttributeKey<SearchAttributeType>[]): string[] {
  return keys.flatMap((k) => ['--search-attribute', `${k.name}=${cliTypeNames[k.type]}`]);
}

export interface DevServerOptions {
  cli: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
  searchAttributes: readonly SearchAttributeKey<SearchAttributeType>[];
  codecEndpoint?: string;
  /** The server's own log lines: printed (the default, `npm run dev`) or dropped (tests). */
  output?: 'inherit' | 'ignore';
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolvePort(true); });
    socket.once('error', () => resolvePort(false));
  });
}

/** Starts `temporal server start-dev` persisted to a SQLite file, with the Web UI and our search attributes. */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--db-filename', options.dbFile,
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    ...searchAttributeArgs(options.searchAttributes),
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
  ];
  if (await portAnswers(options.port)) throw new Error(`port ${options.port} is already in use: is another Temporal server running? Set TEMPORAL_ADDRESS to use it.`);
  const output = options.output ?? 'inherit';
  const child = spawn(options.cli, args, { stdio: ['ignore', output, output] });
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? -1; });
  const deadline = Date.now() + 60_000;
  while (!(await portAnswers(options.port))) {
    if (exited !== null) throw new Error(`temporal server start-dev exited with ${exited}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('Temporal dev server did not listen within 60 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://localhost:${options.uiPort}`,
    process: child,
    stop: () => new Promise<void>((resolveStop) => {
      if (exited !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  };
}

export interface SupervisedDevServer {
  /** The server running now (a new one after each restart). */
  current(): RunningDevServer;
  /** Stops it for good: no restart after this. */
  stop(): Promise<void>;
}

/**
 * A dev server started again, on the same SQLite file and port, whenever it dies (a crash, `kill -9`): the
 * history is in the file, so workflows go on where they were, and the worker and clients of `npm run dev`
 * reconnect to it by themselves. `onRestart` hears of each death and restart; a restart that fails is told
 * there too, and not tried again.
 */
export async function superviseDevServer(options: DevServerOptions, onRestart: (event: { exit: string } | { restarted: RunningDevServer } | { failed: Error }) => void): Promise<SupervisedDevServer> {
  let stopping = false;
  let server = await startDevServer(options);
  const watch = (running: RunningDevServer): void => {
    running.process.once('exit', (code, signal) => {
      if (stopping) return;
      onRestart({ exit: signal ?? `code ${code ?? '?'}` });
      startDevServer(options).then((next) => {
        if (stopping) return void next.stop();
        server = next;
        watch(next);
        onRestart({ restarted: next });
      }, (err: unknown) => onRestart({ failed: err instanceof Error ? err : new Error(String(err)) }));
    });
  };
  watch(server);
  return {
    current: () => server,
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
}
