import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Connection } from '../../src/domain/connections';
import { testCodecKeys } from './temporal';

const root = resolve(__dirname, '..', '..');

export interface WorkerProcessOptions {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  connections: Record<string, Connection>;
}

/**
 * The production worker (src/worker.ts) in a process of its own, configured only through the environment
 * as a deployment would be: tests can SIGKILL it mid-flight and start another.
 */
export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would end it; resolves once the process is gone. */
  kill: () => Promise<void>;
}

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  let output = '';
  // `node --import tsx`, not the tsx command: tsx would run the worker as a child of its own, and a SIGKILL
  // would end only the wrapper while the real worker went on polling.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: options.temporalAddress,
      CUTOVER_TASK_QUEUE: options.taskQueue,
      DATABASE_URL: options.databaseUrl,
      CUTOVER_DATA_DIR: mkdtempSync(join(tmpdir(), 'cutover-worker-')),
      CUTOVER_CODEC_KEYS: testCodecKeys.map((k) => `${k.id}:${k.key}`).join(','),
      CUTOVER_CONNECTIONS: JSON.stringify(options.connections),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('worker polling task queue')) resolveReady();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output.slice(-2000)}`)));
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { child, output: () => output, ready, kill };
}
