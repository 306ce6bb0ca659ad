import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS } from '../../src/config/load';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';

// No Docker engine runs here, so the deployment file is kept honest by reading it.
const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; command?: string[]; entrypoint?: string[]; image?: string; build?: string }>;
};

describe('docker-compose.yml', () => {
  it('has Temporal on PostgreSQL, its UI, PostgreSQL, the worker and the ingress', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'cutover-worker', 'cutover-ingress']));
    expect(compose.services.temporal?.environment?.DB).toMatch(/^postgres/);
  });

  it.each(['cutover-worker', 'cutover-ingress'])('gives %s only variables the code reads, and the ones production needs', (service) => {
    const env = compose.services[service]?.environment ?? {};
    for (const name of Object.keys(env)) expect(CONFIG_ENV_VARS).toContain(name);
    for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'CUTOVER_CODEC_KEYS', 'CUTOVER_CODEC_TOKEN', 'CUTOVER_OPERATOR_TOKEN']) expect(Object.keys(env)).toContain(name);
  });

  it('starts entry points that exist', () => {
    for (const service of ['cutover-worker', 'cutover-ingress']) {
      const entry = compose.services[service]?.command?.find((part) => part.endsWith('.ts'));
      expect(() => readFileSync(join(root, entry ?? 'missing'))).not.toThrow();
    }
  });

  it('registers every search attribute the workflows use', () => {
    const script = compose.services['temporal-admin-tools']?.entrypoint?.join(' ') ?? '';
    for (const attribute of cutoverSearchAttributes) expect(script).toContain(attribute.name);
  });
});
