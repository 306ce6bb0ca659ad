import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCodecSettings } from '../../src/codec/keys';
import { ConfigError, loadConfig } from '../../src/config/load';
import { resolveOperatorToken, storedOperatorToken } from '../../src/config/operator-token';
import { ConnectionRegistry } from '../../src/config/secrets';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'cutover-config-'));

describe('loadConfig', () => {
  it('gives the embedded defaults with no file and no environment', () => {
    const config = loadConfig({}, tmp());
    expect(config.temporal).toEqual({ namespace: 'default', taskQueue: 'cutover' });
    expect(config.database.url).toBeUndefined();
    expect(config.dataDir).toBe('.data');
    expect(config.ingress.port).toBe(8080);
    expect(config.connections).toEqual({});
  });

  it('reads a config file and lets the environment override it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'cutover.config.json'), JSON.stringify({
      temporal: { taskQueue: 'from-file' },
      connections: { 'old-shop': { kind: 'woocommerce', url: 'https://old.example', consumerKey: { env: 'WOO_KEY' }, consumerSecret: { env: 'WOO_SECRET' } } },
    }));
    const config = loadConfig({ CUTOVER_TASK_QUEUE: 'from-env', TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db/cutover' }, dir);
    expect(config.temporal.taskQueue).toBe('from-env');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.database.url).toBe('postgres://u:p@db/cutover');
    expect(config.connections['old-shop']?.kind).toBe('woocommerce');
  });

  it('names every bad field by its path', () => {
    const env = {
      CUTOVER_CONNECTIONS: JSON.stringify({ shop: { kind: 'shopify', shopDomain: 'not a domain', accessToken: '' }, sms: { kind: 'twilio', accountSid: 'nope', authToken: 'x', from: '+1' } }),
      DATABASE_URL: 'mysql://x',
    };
    let error: ConfigError | undefined;
    try { loadConfig(env, tmp()); } catch (e) { error = e as ConfigError; }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toMatch(/database\.url: expected a postgres:\/\/ URL/);
    expect(text).toMatch(/connections\.shop\.shopDomain: expected <shop>\.myshopify\.com/);
    expect(text).toMatch(/connections\.sms\.accountSid: expected an Account SID/);
  });

  it('parses CUTOVER_CODEC_KEYS with the first key active', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({ CUTOVER_CODEC_KEYS: `new:${a},old:${b}`, CUTOVER_CODEC_TOKEN: 'a-long-enough-token' }, tmp());
    expect(config.codec.keys?.map((k) => k.id)).toEqual(['new', 'old']);
    expect(resolveCodecSettings(config)).toMatchObject({ source: 'config', serverToken: 'a-long-enough-token' });
  });

  it('generates a codec key under the data dir once, then reuses it', () => {
    const dataDir = tmp();
    const lines: string[] = [];
    const first = resolveCodecSettings(loadConfig({ CUTOVER_DATA_DIR: dataDir }, dataDir), (l) => lines.push(l));
    const second = resolveCodecSettings(loadConfig({ CUTOVER_DATA_DIR: dataDir }, dataDir));
    expect(first.source).toBe('generated');
    expect(lines[0]).toMatch(/generated one in/);
    expect(second).toEqual({ ...first, source: 'data-dir' });
  });

  it('reads the operator token, the UI\'s codec access and the OIDC issuer from the environment, and names what is missing', () => {
    const config = loadConfig({
      CUTOVER_OPERATOR_TOKEN: 'an-operator-token-0123', CUTOVER_CODEC_LOOPBACK_UI: 'false',
      CUTOVER_CODEC_OIDC_ISSUER: 'https://login.example/', CUTOVER_CODEC_OIDC_AUDIENCE: 'temporal-ui,codec',
    }, tmp());
    expect(config.ingress.operatorToken).toBe('an-operator-token-0123');
    expect(config.codec.loopbackUi).toBe(false);
    expect(config.codec.oidc).toEqual({ issuer: 'https://login.example/', audience: ['temporal-ui', 'codec'], permissionsClaim: 'permissions' });
    const defaults = loadConfig({}, tmp()).codec;
    expect(defaults.loopbackUi).toBe(true);
    expect(defaults.oidc).toBeUndefined();
    expect(() => loadConfig({ CUTOVER_CODEC_OIDC_ISSUER: 'https://login.example/' }, tmp())).toThrow(/codec\.oidc\.audience/);
    expect(() => loadConfig({ CUTOVER_CODEC_LOOPBACK_UI: 'yes' }, tmp())).toThrow(/CUTOVER_CODEC_LOOPBACK_UI: expected true or false/);
  });

  it('generates the operator token under the data dir once, apart from the codec\'s token', () => {
    const dataDir = tmp();
    const config = loadConfig({ CUTOVER_DATA_DIR: dataDir }, dataDir);
    expect(storedOperatorToken(config)).toBeUndefined();
    const token = resolveOperatorToken(config);
    expect(resolveOperatorToken(config)).toBe(token);
    expect(storedOperatorToken(config)).toBe(token);
    expect(token).not.toBe(resolveCodecSettings(config).serverToken);
  });
});

describe('ConnectionRegistry', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'token'), 'from-a-file\n');
  const registry = new ConnectionRegistry({
    shop: { kind: 'shopify', shopDomain: 'a.myshopify.com', apiVersion: '2025-10', accessToken: { file: join(dir, 'token') } },
    woo: { kind: 'woocommerce', url: 'https://old.example', consumerKey: 'ck_inline', consumerSecret: { env: 'WOO_SECRET' } },
    broken: { kind: 'klaviyo', privateApiKey: { env: 'NOT_SET_ANYWHERE' } },
  }, { WOO_SECRET: 'cs_from_env' });

  it('resolves inline, env and file secrets', () => {
    expect(registry.resolve('shop', 'shopify').secrets).toEqual({ accessToken: 'from-a-file' });
    expect(registry.resolve('woo', 'woocommerce').secrets).toEqual({ consumerKey: 'ck_inline', consumerSecret: 'cs_from_env' });
  });

  it('explains what is wrong: unknown name, wrong kind, unresolved secret', () => {
    expect(() => registry.get('nope')).toThrow('no connection named "nope" is configured (known: broken, shop, woo)');
    expect(() => registry.get('woo', 'shopify')).toThrow('connection "woo" is a woocommerce connection; expected shopify');
    expect(() => registry.resolve('broken')).toThrow('environment variable NOT_SET_ANYWHERE is not set');
  });
});
