import { Connection } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load';
import { ConnectionRegistry } from '../../src/config/secrets';
import { temporalCliPath } from '../../src/runtime/dev-server';
import { connectClient, connectWorkerConnection, temporalConnectionOptions } from '../../src/runtime/temporal';
import { readTemporalProfile, TemporalProfileError } from '../../src/runtime/temporal-profile';
import { openStore, type Store } from '../../src/store/database';
import { createCutoverWorker } from '../../src/worker';
import { testCodecKeys, uniqueTaskQueue } from '../support/temporal';
import {
  type ApiKeyIssuer, type Certificates, issueCertificates, startApiKeyIssuer, startTlsTemporalServer, temporalServerPath, type TlsTemporalServer,
} from '../support/tls-temporal-server';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'cutover-tls-'));

describe('Temporal connection profiles, read as Temporal reads them (@temporalio/envconfig)', () => {
  const dir = tmp();
  const certs = issueCertificates(join(dir, 'pki'));

  it('reads a temporal.toml profile, and TEMPORAL_* variables override it', () => {
    const file = join(dir, 'temporal.toml');
    writeFileSync(file, [
      '[profile.default]', 'address = "localhost:7233"', '',
      '[profile.cloud]', 'address = "cutover.a1b2c.tmprl.cloud:7233"', 'namespace = "cutover.a1b2c"', 'api_key = "from-the-file"',
      '[profile.cloud.tls]', `server_ca_cert_path = "${certs.paths.caCert}"`, `client_cert_path = "${certs.paths.clientCert}"`,
      `client_key_path = "${certs.paths.clientKey}"`, 'server_name = "cutover.a1b2c.tmprl.cloud"', '',
    ].join('\n'));
    const env = { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud', TEMPORAL_API_KEY: 'from-the-environment' };
    const profile = readTemporalProfile(env);
    expect(profile).toMatchObject({ address: 'cutover.a1b2c.tmprl.cloud:7233', namespace: 'cutover.a1b2c', apiKey: 'from-the-environment' });
    const tls = profile.tls as TLSConfig;
    expect(tls.serverNameOverride).toBe('cutover.a1b2c.tmprl.cloud');
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe(certs.caCert);
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe(certs.clientCert);
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe(certs.clientKey);

    // Cutover's configuration takes where Temporal is from the profile; TEMPORAL_NAMESPACE still wins.
    const config = loadConfig({ ...env, TEMPORAL_NAMESPACE: 'cutover-staging.a1b2c' }, dir);
    expect(config.temporal).toMatchObject({ address: 'cutover.a1b2c.tmprl.cloud:7233', namespace: 'cutover-staging.a1b2c' });
    expect(temporalConnectionOptions(config, env)).toMatchObject({ address: 'cutover.a1b2c.tmprl.cloud:7233', apiKey: 'from-the-environment' });
    // The credentials are read when connecting, never copied into the configuration.
    expect(JSON.stringify(config)).not.toContain('from-the');
  });

  it('turns TLS on for an API key alone (as Temporal Cloud wants), and takes an empty variable for unset', () => {
    expect(readTemporalProfile({ TEMPORAL_ADDRESS: 'example.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' })).toEqual({ address: 'example.tmprl.cloud:7233', apiKey: 'key', tls: true });
    expect(readTemporalProfile({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_API_KEY: '', TEMPORAL_TLS: '' })).toEqual({ address: 'temporal:7233' });
    expect(readTemporalProfile({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_API_KEY: 'key', TEMPORAL_TLS: 'false' })).toEqual({ address: 'temporal:7233', apiKey: 'key', tls: false });
  });

  it('names what is wrong: an unknown profile, a certificate file that is not there', () => {
    const file = join(dir, 'only-default.toml');
    writeFileSync(file, '[profile.default]\naddress = "localhost:7233"\n');
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' }, dir)).toThrow(ConfigError);
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' }, dir)).toThrow(/Profile 'prod' not found/);
    expect(() => readTemporalProfile({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'missing-ca.pem') })).toThrow(TemporalProfileError);
    expect(() => readTemporalProfile({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'missing-ca.pem') })).toThrow(/missing-ca\.pem/);
  });
});

describe('the real Temporal Server on TLS, demanding a client certificate and an API key', () => {
  const dir = tmp();
  let certs: Certificates;
  let issuer: ApiKeyIssuer;
  let server: TlsTemporalServer;
  let store: Store;
  let secureEnv: Record<string, string>;

  beforeAll(async () => {
    certs = issueCertificates(join(dir, 'pki'));
    issuer = await startApiKeyIssuer();
    server = await startTlsTemporalServer({ dir, certs, jwksUrl: issuer.jwksUrl, cli: temporalCliPath(), server: temporalServerPath() });
    store = await openStore({});
    secureEnv = {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.paths.caCert,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.paths.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.paths.clientKey,
      TEMPORAL_API_KEY: await issuer.issue(['default:admin']),
    };
  }, 300_000);
  afterAll(async () => {
    await store?.destroy();
    await server?.stop();
    await issuer?.close();
  });

  it('runs a workflow with the project worker and client, both connected through the profile in the environment', async () => {
    const taskQueue = uniqueTaskQueue('tls');
    const env = { ...secureEnv, CUTOVER_TASK_QUEUE: taskQueue };
    const config = loadConfig(env, dir);
    const client = await connectClient(config, testCodecKeys, env);
    const connection = await connectWorkerConnection(config, env);
    try {
      const worker = await createCutoverWorker({
        connection, namespace: config.temporal.namespace, taskQueue, codecKeys: testCodecKeys, deps: { connections: new ConnectionRegistry({}), store },
      });
      const result = await worker.runUntil(client.workflow.execute('purgeCommunicationLog', { taskQueue, workflowId: `purge-${taskQueue}`, args: [{ days: 5 }] }));
      expect(result).toEqual({ deleted: 0 });
    } finally {
      await client.connection.close();
      await connection.close();
    }
  });

  it('connects the same way from a temporal.toml profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE)', async () => {
    const file = join(dir, 'temporal.toml');
    writeFileSync(file, [
      '[profile.secured]', `address = "${server.address}"`, 'namespace = "default"', `api_key = "${secureEnv.TEMPORAL_API_KEY}"`,
      '[profile.secured.tls]', `server_ca_cert_path = "${certs.paths.caCert}"`,
      `client_cert_path = "${certs.paths.clientCert}"`, `client_key_path = "${certs.paths.clientKey}"`, '',
    ].join('\n'));
    const env = { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'secured' };
    const client = await connectClient(loadConfig(env, dir), testCodecKeys, env);
    try {
      const { namespaceInfo } = await client.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespaceInfo?.name).toBe('default');
    } finally {
      await client.connection.close();
    }
  });

  it('is refused a TLS session without the client certificate', async () => {
    const { TEMPORAL_TLS_CLIENT_CERT_PATH: _cert, TEMPORAL_TLS_CLIENT_KEY_PATH: _key, ...withoutCertificate } = secureEnv;
    const options = temporalConnectionOptions(loadConfig(withoutCertificate, dir), withoutCertificate);
    await expect(Connection.connect({ ...options, connectTimeout: '3s' })).rejects.toThrow(/certificate required|Failed to connect/i);
  });

  it('is refused every namespace call without an API key, or with a key the issuer did not sign', async () => {
    const { TEMPORAL_API_KEY: _key, ...withoutKey } = secureEnv;
    const forged = `${secureEnv.TEMPORAL_API_KEY!.split('.').slice(0, 2).join('.')}.${Buffer.from('forged').toString('base64url')}`;
    for (const env of [withoutKey, { ...secureEnv, TEMPORAL_API_KEY: forged }]) {
      // Without a key the server still answers GetSystemInfo (its health check); a forged key fails even that.
      const describe = async (): Promise<unknown> => {
        const connection = await Connection.connect(temporalConnectionOptions(loadConfig(env, dir), env));
        try {
          return await connection.workflowService.describeNamespace({ namespace: 'default' });
        } finally {
          await connection.close();
        }
      };
      const error = await describe().then(() => undefined, (e: unknown) => e as Error & { cause?: Error });
      expect(`${error?.message} / ${error?.cause?.message}`).toMatch(/PERMISSION_DENIED: Request unauthorized/);
    }
  });

  it('does not trust a server certificate that another CA signed', async () => {
    const otherCa = issueCertificates(join(dir, 'other-pki'), 'Some other CA');
    const env = { ...secureEnv, TEMPORAL_TLS_SERVER_CA_CERT_PATH: otherCa.paths.caCert };
    expect(readFileSync(otherCa.paths.caCert, 'utf8')).not.toBe(certs.caCert);
    await expect(Connection.connect({ ...temporalConnectionOptions(loadConfig(env, dir), env), connectTimeout: '3s' })).rejects.toThrow();
  });
});
