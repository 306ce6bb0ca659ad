import { join } from 'node:path';
import { startDevServer, type RunningDevServer } from '../../src/runtime/dev-server';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { freePort, required } from './temporal';

/**
 * The Temporal CLI dev server persisted to a SQLite file (as `npm run dev` runs it), which a test kills with
 * SIGKILL and starts again on the same file and ports: what it had written survives, and clients and workers
 * that knew its address find it there again.
 */
export interface KillableDevServer {
  /** host:port, the same across restarts. */
  readonly address: string;
  /** SIGKILL (a crash, the OOM killer): nothing is flushed or closed; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same file and ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKillableDevServer(dir: string, name = 'temporal'): Promise<KillableDevServer> {
  const cli = required('CUTOVER_TEST_TEMPORAL_CLI');
  const [port, uiPort] = [await freePort(), await freePort()];
  const start = () => startDevServer({ cli, dbFile: join(dir, `${name}.db`), port, uiPort, namespace: 'default', searchAttributes: cutoverSearchAttributes, output: 'ignore' });
  let current: RunningDevServer | undefined = await start();
  return {
    address: current.address,
    async kill() {
      const killed = current;
      if (!killed) throw new Error('the dev server is not running');
      current = undefined;
      if (killed.process.exitCode !== null || killed.process.signalCode !== null) return;
      const exited = new Promise((resolve) => killed.process.once('exit', resolve));
      killed.process.kill('SIGKILL');
      await exited;
    },
    async restart() {
      if (current) throw new Error('the dev server is still running: kill it first');
      current = await start();
    },
    async stop() {
      const running = current;
      current = undefined;
      await running?.stop();
    },
  };
}
