import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium } from 'playwright-core';
import { createConsoleToken, listConsoleTokens, revokeConsoleTokens } from '../../src/cli/console';
import { configSchema } from '../../src/domain/config';
import { ingressRoutes } from '../../src/ingress/routes';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { openStore, type Store } from '../../src/store/database';
import { testCodecKeys } from '../support/temporal';

const CODEC_TOKEN = 'codec-token-of-this-test-0123456789';
const OPERATOR_TOKEN = 'operator-token-of-this-test-0123456789';
const CHROMIUM = process.env.CUTOVER_TEST_CHROMIUM ?? '/usr/bin/chromium';
const repoRoot = resolve(__dirname, '..', '..');

/** `./bin/cutover <args>` as the operator runs it, pointed at this test's ingress with the operator token. */
function cutover(args: string[], ingressUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CUTOVER_'))), CUTOVER_INGRESS_URL: ingressUrl, CUTOVER_OPERATOR_TOKEN: OPERATOR_TOKEN };
  return new Promise((resolveRun) => {
    execFile(join(repoRoot, 'bin/cutover'), args, { env, cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) => resolveRun({ code: err ? 1 : 0, stdout, stderr }));
  });
}

describe('one token per job: codec server, operator API, and one console token per store', () => {
  let store: Store;
  let ingress: IngressServer;
  const api = () => ({ url: ingress.url, token: OPERATOR_TOKEN });

  beforeAll(async () => {
    store = await openStore({});
    // The routes as the service serves them; no Temporal server is needed for these paths (the client never connects).
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const config = configSchema.parse({ ingress: { port: 0 } });
    ingress = await startIngress(ingressRoutes(config, { keys: testCodecKeys, serverToken: CODEC_TOKEN, source: 'config' }, store, { client, operatorToken: OPERATOR_TOKEN }), config.ingress);
  });
  afterAll(async () => {
    await ingress?.close();
    await store?.destroy();
  });

  const get = async (path: string, token?: string): Promise<number> =>
    (await fetch(`${ingress.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status;
  const post = async (path: string, body: unknown, token: string): Promise<number> =>
    (await fetch(`${ingress.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;

  it('a console token opens its own store\'s console API and gets 403 on another store\'s', async () => {
    const a = await createConsoleToken(api(), 'store-a');
    await createConsoleToken(api(), 'store-b');
    expect(a).toMatchObject({ store: 'store-a', id: expect.stringMatching(/^[0-9a-f]{16}$/), token: expect.stringMatching(/^cc_[0-9a-f]{16}_/) });

    for (const path of ['settings', 'credits', 'log']) {
      expect(await get(`/api/stores/store-a/${path}`, a.token)).toBe(200);
      expect(await get(`/api/stores/store-b/${path}`, a.token)).toBe(403);
    }
    expect(await post('/api/stores/store-b/credits/topup', { credits: 10 }, a.token)).toBe(403);
    expect(await post('/api/stores/store-a/credits/topup', { credits: 10 }, a.token)).toBe(200);
    const refusal = await fetch(`${ingress.url}/api/stores/store-b/settings`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(await refusal.json()).toEqual({ error: 'this console token is for another store' });

    // It opens nothing else: not the migration reports, not the codec, not the making of console tokens.
    expect(await get('/api/migrations/m1/report', a.token)).toBe(401);
    expect(await post('/codec/decode', {}, a.token)).toBe(401);
    expect(await post('/api/stores/store-a/console-tokens', {}, a.token)).toBe(401);
    // A token that looks right but was never issued, or one of A's with a changed secret, is nobody's.
    expect(await get('/api/stores/store-a/settings', `${a.token.slice(0, -1)}${a.token.endsWith('A') ? 'B' : 'A'}`)).toBe(401);
  });

  it('the codec token does not open the operator API, and the operator token does not open the codec', async () => {
    expect(await post('/codec/decode', {}, CODEC_TOKEN)).toBe(200);
    expect(await get('/api/stores/store-a/settings', CODEC_TOKEN)).toBe(401);
    expect(await get('/api/migrations/m1/report', CODEC_TOKEN)).toBe(401);
    expect(await post('/api/stores/store-a/console-tokens', {}, CODEC_TOKEN)).toBe(401);

    expect(await post('/codec/decode', {}, OPERATOR_TOKEN)).toBe(401);
    expect(await post('/codec/encode', {}, OPERATOR_TOKEN)).toBe(401);
    expect(await get('/api/stores/store-b/settings', OPERATOR_TOKEN)).toBe(200);
    expect(await get('/api/migrations/m1/report', OPERATOR_TOKEN)).toBe(404);
  });

  it('keeps only a hash of each token, and revokes one or all of a store\'s', async () => {
    const one = await createConsoleToken(api(), 'store-c');
    const two = await createConsoleToken(api(), 'store-c');
    const rows = await store.selectFrom('console_tokens').selectAll().where('store', '=', 'store-c').execute();
    expect(rows).toHaveLength(2);
    const secretOf = (token: string): string => token.slice('cc_'.length + 17);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(secretOf(one.token));
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(secretOf(two.token));
    expect((await listConsoleTokens(api(), 'store-c')).map((t) => t.id).sort()).toEqual([one.id, two.id].sort());

    expect(await revokeConsoleTokens(api(), 'store-c', one.id)).toEqual([one.id]);
    expect(await get('/api/stores/store-c/settings', one.token)).toBe(401);
    expect(await get('/api/stores/store-c/settings', two.token)).toBe(200);
    await expect(revokeConsoleTokens(api(), 'store-c', one.id)).rejects.toThrow(/404: store "store-c" has no console token/);
    expect(await revokeConsoleTokens(api(), 'store-c')).toEqual([two.id]);
    expect(await get('/api/stores/store-c/settings', two.token)).toBe(401);
  });

  it('cutover console token create|revoke from the command line', async () => {
    const created = await cutover(['console', 'token', 'create', 'store-d'], ingress.url);
    expect(created.stderr).toBe('');
    const token = /^(cc_\S+)$/m.exec(created.stdout)?.[1] ?? '';
    expect(created.stdout).toContain(`${ingress.url}/console/store-d#token=${encodeURIComponent(token)}`);
    expect(await get('/api/stores/store-d/settings', token)).toBe(200);
    expect(await get('/api/stores/store-a/settings', token)).toBe(403);
    const revoked = await cutover(['console', 'token', 'revoke', 'store-d'], ingress.url);
    expect(revoked.stdout).toMatch(/^revoked [0-9a-f]{16} for store-d$/m);
    expect(await get('/api/stores/store-d/settings', token)).toBe(401);
  });

  it('the console page of store B says the token is another store\'s, and keeps it no longer', async () => {
    const a = await createConsoleToken(api(), 'store-e');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${ingress.url}/console/store-f#token=${encodeURIComponent(a.token)}`);
      await page.locator('#auth-status', { hasText: 'console token of another store' }).waitFor();
      expect(await page.isHidden('#console')).toBe(true);
      expect(await page.evaluate('sessionStorage.getItem("cutover.operatorToken")')).toBeNull();
      await page.goto(`${ingress.url}/console/store-e#token=${encodeURIComponent(a.token)}`);
      await page.locator('#console').waitFor({ state: 'visible' });
    } finally {
      await browser.close();
    }
  });
});
