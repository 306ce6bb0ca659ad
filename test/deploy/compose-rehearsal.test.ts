import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { interpolate } from '../support/compose';
import { testCodecKeys } from '../support/temporal';
import { temporalServerPath } from '../support/tls-temporal-server';

// No Docker engine runs on the development machines or in CI, so docker-compose.yml's stack is rehearsed
// with the same parts, unboxed: its own setup scripts (deploy/), the values its services pass them, the real
// PostgreSQL server, the real temporal-sql-tool and Temporal Server 1.29.1, and Cutover's worker and ingress
// started from their entry points as separate processes. Not rehearsed: the images themselves.
const root = resolve(__dirname, '..', '..');
const secrets = { POSTGRES_PASSWORD: 'superuser-password-1', TEMPORAL_DB_PASSWORD: 'temporal-password-2', CUTOVER_DB_PASSWORD: 'cutover-password-3' };
const operatorEnv = {
  ...secrets, CUTOVER_CODEC_KEYS: testCodecKeys.map((k) => `${k.id}:${k.key}`).join(','), CUTOVER_CODEC_TOKEN: 'codec-token-of-some-length',
  CUTOVER_OPERATOR_TOKEN: 'operator-token-of-some-length',
};
type Service = { environment?: Record<string, string> };
const compose = parse(interpolate(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), operatorEnv), { merge: true }) as { services: Record<string, Service> };
const env = (service: string): Record<string, string> => compose.services[service]!.environment!;

const pgBin = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).map((v) => `/usr/lib/postgresql/${v}/bin`).filter((d) => existsSync(join(d, 'initdb'))).at(-1) : undefined;
const asRoot = process.getuid?.() === 0;
// initdb refuses to run as root (scripts/start-test-postgres.sh does the same).
const asPostgres = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);

/**
 * Free ports below 32768: Temporal's cluster_membership table keeps a member's port in a PostgreSQL smallint,
 * so a membership port from the kernel's ephemeral range (32768 and up) makes the server exit at start.
 */
async function freePorts(count: number): Promise<number[]> {
  const held: ReturnType<typeof createServer>[] = [];
  while (held.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = await new Promise<ReturnType<typeof createServer> | undefined>((ok) => {
      const candidate = createServer();
      candidate.once('error', () => ok(undefined));
      candidate.listen(port, '127.0.0.1', () => ok(candidate));
    });
    if (server) held.push(server);
  }
  const ports = held.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(held.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  return ports;
}

/** Runs a command to its end without blocking the event loop (the servers' output pipes must keep draining). */
function run(command: string, args: string[], options: { env?: Record<string, string | undefined>; expectFailure?: boolean } = {}): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('error', fail);
    child.once('close', (status) => {
      if (!options.expectFailure && status !== 0) fail(new Error(`${command} ${args.join(' ')} exited with ${status}:\n${output}`));
      else if (options.expectFailure && status === 0) fail(new Error(`${command} ${args.join(' ')} succeeded; expected a refusal:\n${output}`));
      else ok(output);
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const describeWithPostgres = pgBin || process.env.CI === 'true' ? describe : describe.skip;

describeWithPostgres('docker-compose.yml\'s stack, rehearsed without Docker', () => {
  const dir = mkdtempSync('/tmp/cutover-rehearsal-');
  const processes: ChildProcess[] = [];
  const output = new Map<string, string>();
  let pgPort = 0;
  let frontend = 0;
  let ingressPort = 0;
  let sdkMetricsPort = 0;
  const psql = (user: string, password: string, database: string, sql: string, expectFailure = false): Promise<string> =>
    run('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { env: { PGPASSWORD: password }, expectFailure });

  function start(name: string, command: string, args: string[], childEnv: Record<string, string | undefined>): ChildProcess {
    const child = spawn(command, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    output.set(name, '');
    const collect = (chunk: Buffer): void => void output.set(name, output.get(name)! + chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    processes.push(child);
    return child;
  }

  beforeAll(async () => {
    if (!pgBin) throw new Error('CI=true but the PostgreSQL server binaries are not installed (scripts/install-system-deps.sh installs them)');
    chmodSync(dir, 0o755);
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), 0);
    const ports = await freePorts(11);
    [pgPort, frontend, ingressPort, sdkMetricsPort] = ports as [number, number, number, number];
    const temporalPorts = ports.slice(4);

    // postgres: a superuser with a password, then the image's init step runs deploy/postgres/init-roles.sh.
    writeFileSync(join(dir, 'superuser-password'), secrets.POSTGRES_PASSWORD, { mode: 0o644 });
    await run(...asPostgres(join(pgBin, 'initdb'), ['-D', join(dir, 'data'), '-U', env('postgres').POSTGRES_USER!, '--auth=scram-sha-256', `--pwfile=${join(dir, 'superuser-password')}`, '-E', 'UTF8', '--locale=C.UTF-8']));
    await run(...asPostgres(join(pgBin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'postgres.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -c port=${pgPort} -c unix_socket_directories=${dir} -c fsync=off`, 'start']));
    await run('sh', [join(root, 'deploy/postgres/init-roles.sh')], {
      env: { PGHOST: '127.0.0.1', PGPORT: String(pgPort), PGPASSWORD: secrets.POSTGRES_PASSWORD, POSTGRES_USER: env('postgres').POSTGRES_USER, POSTGRES_DB: env('postgres').POSTGRES_DB, ...secrets },
    });

    // temporal-schema: the admin-tools job, twice (every `docker compose up` runs it).
    const server = temporalServerPath();
    const tools = dirname(server);
    const schemaEnv = { ...env('temporal-schema'), SQL_HOST: '127.0.0.1', SQL_PORT: String(pgPort), PATH: `${tools}:${process.env.PATH}`, TEMPORAL_SCHEMA_DIR: join(tools, 'schema') };
    for (let i = 0; i < 2; i += 1) output.set(`schema ${i + 1}`, await run('sh', [join(root, 'deploy/temporal/setup-schema.sh')], { env: schemaEnv }));

    // temporal: the server on those databases as its own role, configured from the service's variables.
    const t = env('temporal');
    const store = (database: string, conns: number): string => `
      sql:
        pluginName: ${t.DB}
        databaseName: ${database}
        connectAddr: "127.0.0.1:${pgPort}"
        connectProtocol: tcp
        user: ${t.POSTGRES_USER}
        password: "${t.POSTGRES_PWD}"
        maxConns: ${conns}
        maxIdleConns: ${conns}`;
    const [history, matching, worker, fm, hm, mm, wm] = temporalPorts;
    const rpc = (grpc: number | undefined, membership: number | undefined): string => `{ grpcPort: ${grpc}, membershipPort: ${membership}, bindOnIP: 127.0.0.1 }`;
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'rehearsal.yaml'), `
log: { stdout: true, level: warn }
persistence:
  numHistoryShards: 4
  defaultStore: default
  visibilityStore: visibility
  datastores:
    default:${store(t.DBNAME!, 20)}
    visibility:${store(t.VISIBILITY_DBNAME!, 10)}
global:
  membership: { maxJoinDuration: 30s, broadcastAddress: "127.0.0.1" }
services:
  frontend: { rpc: ${rpc(frontend, fm)} }
  history: { rpc: ${rpc(history, hm)} }
  matching: { rpc: ${rpc(matching, mm)} }
  worker: { rpc: ${rpc(worker, wm)} }
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active: { enabled: true, initialFailoverVersion: 1, rpcName: frontend, rpcAddress: "127.0.0.1:${frontend}" }
dcRedirectionPolicy: { policy: noop }
`);
    start('temporal', server, ['--root', dir, '--config', 'config', '--env', 'rehearsal', '--allow-no-auth', 'start'], { PATH: process.env.PATH });

    // temporal-setup: namespace and search attributes, twice, with the Temporal CLI the image carries.
    mkdirSync(join(dir, 'cli'));
    symlinkSync(process.env.CUTOVER_TEST_TEMPORAL_CLI!, join(dir, 'cli', 'temporal'));
    const setupEnv = { ...env('temporal-setup'), TEMPORAL_ADDRESS: `127.0.0.1:${frontend}`, PATH: `${join(dir, 'cli')}:${process.env.PATH}`, HOME: dir };
    for (let i = 0; i < 2; i += 1) {
      output.set(`setup ${i + 1}`, await run('sh', [join(root, 'deploy/temporal/setup-namespace.sh')], { env: setupEnv })
        .catch((err: Error) => { throw new Error(`${err.message}\ntemporal-server: ${output.get('temporal')!.slice(-3000)}`); }));
    }

    // cutover-worker and cutover-ingress: the services' variables, with the host's addresses for the services'.
    const cutoverEnv = {
      ...env('cutover-worker'), PATH: process.env.PATH, HOME: dir,
      TEMPORAL_ADDRESS: `127.0.0.1:${frontend}`,
      DATABASE_URL: env('cutover-worker').DATABASE_URL!.replace('@postgres:5432/', `@127.0.0.1:${pgPort}/`),
      CUTOVER_DATA_DIR: join(dir, 'cutover-data'),
      INGRESS_HOST: '127.0.0.1', INGRESS_PORT: String(ingressPort), CUTOVER_PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
      CUTOVER_SDK_METRICS_ADDRESS: `127.0.0.1:${sdkMetricsPort}`, CUTOVER_SDK_METRICS_URL: `http://127.0.0.1:${sdkMetricsPort}/metrics`,
    };
    start('worker', process.execPath, ['--import', 'tsx', 'src/worker.ts'], cutoverEnv);
    start('ingress', process.execPath, ['--import', 'tsx', 'src/ingress/main.ts'], cutoverEnv);
    await until('the worker and the ingress', async () => {
      if (processes.some((p) => p.exitCode !== null)) throw new Error('a process exited');
      return output.get('worker')!.includes('worker polling task queue') && output.get('ingress')!.includes('ingress on') ? true : undefined;
    }, 180_000)
      .catch((err: Error) => { throw new Error(`${err.message}\nworker: ${output.get('worker')!.slice(-2000)}\ningress: ${output.get('ingress')!.slice(-2000)}`); });
  }, 400_000);

  afterAll(async () => {
    for (const child of processes.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (pgBin && existsSync(join(dir, 'data'))) spawnSync(...asPostgres(join(pgBin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop']));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets Temporal\'s databases up as its own role, again without harm on the next start', async () => {
    expect(output.get('schema 2')).toMatch(/Skip version upgrade[\s\S]*found zero updates[\s\S]*Skip version upgrade[\s\S]*found zero updates[\s\S]*Temporal schemas are up to date/);
    expect((await psql('temporal', secrets.TEMPORAL_DB_PASSWORD, 'temporal', 'select curr_version from schema_version')).trim()).toMatch(/^\d+\.\d+$/);
    expect((await psql('temporal', secrets.TEMPORAL_DB_PASSWORD, 'temporal_visibility', 'select curr_version from schema_version')).trim()).toMatch(/^\d+\.\d+$/);
  });

  it('keeps the roles apart: Temporal\'s cannot open Cutover\'s database, Cutover\'s cannot read Temporal\'s tables, neither is a superuser', async () => {
    expect(await psql('temporal', secrets.TEMPORAL_DB_PASSWORD, 'cutover', 'select 1', true)).toMatch(/CONNECT privilege/);
    expect(await psql('cutover', secrets.CUTOVER_DB_PASSWORD, 'temporal', 'select count(*) from executions', true)).toMatch(/permission denied/);
    expect((await psql('postgres', secrets.POSTGRES_PASSWORD, 'postgres', "select rolname || ':' || rolsuper from pg_roles where rolname in ('temporal', 'cutover') order by 1")).trim().split('\n')).toEqual(['cutover:false', 'temporal:false']);
  });

  it('creates the namespace and registers the search attributes once, and finds them there the second time', () => {
    expect(output.get('setup 2')).toMatch(/search attribute OrderMilestone exists/);
    expect(output.get('setup 2')).not.toMatch(/Search attributes have been added/);
  });

  it('runs the worker and the ingress as Cutover\'s role: /healthz 200, /metrics with both sets', async () => {
    const health = await fetch(`http://127.0.0.1:${ingressPort}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true, store: 'ok', temporal: 'ok' }]);
    const metrics = await until('the SDK metrics', async () => {
      const body = await (await fetch(`http://127.0.0.1:${ingressPort}/metrics`)).text();
      return /^temporal_num_pollers\{/m.test(body) ? body : undefined;
    });
    expect(metrics).toMatch(/^cutover_ingress_requests_total\{method="GET",route="\/healthz",status="200"\} 1/m);
    expect((await psql('cutover', secrets.CUTOVER_DB_PASSWORD, 'cutover', "select count(*) > 0 from information_schema.tables where table_schema = 'public'")).trim()).toBe('t');
  });
});
