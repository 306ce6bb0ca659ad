import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createConnection, createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import forge from 'node-forge';
import { startDevServer } from '../../src/runtime/dev-server';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';

const repoRoot = resolve(__dirname, '..', '..');

/** The real Temporal Server binary (the one in the temporalio/server image), built by the project's script. */
export function temporalServerPath(): string {
  return execFileSync('bash', [join(repoRoot, 'scripts/install-temporal-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export interface Certificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Paths of the same PEM files, as a profile names them. */
  paths: { caCert: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };
}

function certificate(subject: string, keys: forge.pki.rsa.KeyPair, issuer: { name: string; key: forge.pki.rsa.PrivateKey } | undefined, extensions: object[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer?.name ?? subject }]);
  cert.setExtensions(extensions);
  cert.sign(issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return cert;
}

/** A throwaway CA, a server certificate for localhost and 127.0.0.1, and a client certificate, all from that CA. */
export function issueCertificates(dir: string, caName = 'Cutover test CA'): Certificates {
  mkdirSync(dir, { recursive: true });
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = certificate(caName, caKeys, undefined, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const issuer = { name: caName, key: caKeys.privateKey };
  const serverKeys = forge.pki.rsa.generateKeyPair(2048);
  const server = certificate('localhost', serverKeys, issuer, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    // The server's internal clients (its system worker) present this one too.
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
  ]);
  const clientKeys = forge.pki.rsa.generateKeyPair(2048);
  const client = certificate('cutover-worker', clientKeys, issuer, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  const pem = {
    caCert: forge.pki.certificateToPem(ca),
    serverCert: forge.pki.certificateToPem(server),
    serverKey: forge.pki.privateKeyToPem(serverKeys.privateKey),
    clientCert: forge.pki.certificateToPem(client),
    clientKey: forge.pki.privateKeyToPem(clientKeys.privateKey),
  };
  const paths = {
    caCert: join(dir, 'ca.pem'), serverCert: join(dir, 'server.pem'), serverKey: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'client.pem'), clientKey: join(dir, 'client-key.pem'),
  };
  for (const name of Object.keys(paths) as (keyof typeof paths)[]) writeFileSync(paths[name], pem[name], { mode: 0o600 });
  return { ...pem, paths };
}

/** Free TCP ports on 127.0.0.1, all held until every one is known so that none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<ReturnType<typeof createNetServer>>((ok, fail) => {
    const server = createNetServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  return ports;
}

/**
 * A JWKS endpoint and the API keys it vouches for: the server's default JWT claim mapper reads
 * `permissions: ["<namespace>:<role>"]` from the key, as a Temporal deployment with API keys would.
 */
export interface ApiKeyIssuer {
  jwksUrl: string;
  issue(permissions: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startApiKeyIssuer(): Promise<ApiKeyIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'cutover-test', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    issue: (permissions) => new SignJWT({ permissions }).setProtectedHeader({ alg: 'RS256', kid: 'cutover-test' })
      .setSubject('cutover').setIssuedAt().setExpirationTime('1h').sign(privateKey),
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

export interface TlsTemporalServer {
  /** host:port of the frontend; its certificate names localhost and 127.0.0.1. */
  address: string;
  output(): string;
  stop(): Promise<void>;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); ok(true); });
    socket.once('error', () => ok(false));
  });
}

/**
 * The real Temporal Server 1.29 on SQLite with its frontend on TLS, demanding a client certificate from the
 * test CA and (default authorizer, JWT claim mapper) an API key signed by the issuer. The namespace and
 * Cutover's search attributes are created first by the CLI dev server in the same SQLite file; the system
 * worker reaches the server through the internal frontend, as a deployment with an authorizer must.
 */
export async function startTlsTemporalServer(options: { dir: string; certs: Certificates; jwksUrl: string; cli: string; server: string }): Promise<TlsTemporalServer> {
  const dbFile = join(options.dir, 'temporal.db');
  const [devPort, devUiPort, frontend, frontendHttp, frontendMembership, internal, internalHttp, internalMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership] = await freePorts(14);
  const init = await startDevServer({
    cli: options.cli, dbFile, port: devPort!, uiPort: devUiPort!, namespace: 'default', searchAttributes: cutoverSearchAttributes,
  });
  await init.stop();

  const { paths } = options.certs;
  const rpc = (grpc: number | undefined, membership: number | undefined, http?: number): string =>
    `{ grpcPort: ${grpc}, membershipPort: ${membership}, bindOnIP: "127.0.0.1"${http ? `, httpPort: ${http}` : ''} }`;
  const configDir = join(options.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'tls.yaml'), `
log:
  stdout: true
  level: warn
persistence:
  defaultStore: sqlite
  visibilityStore: sqlite
  numHistoryShards: 1
  datastores:
    sqlite:
      sql:
        pluginName: sqlite
        databaseName: "${dbFile}"
        connectAddr: localhost
        connectProtocol: tcp
        connectAttributes: { mode: rwc }
        maxConns: 1
        maxIdleConns: 1
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  authorization:
    jwtKeyProvider:
      keySourceURIs: ["${options.jwksUrl}"]
      refreshInterval: 1m
    permissionsClaimName: permissions
    authorizer: default
    claimMapper: default
  tls:
    frontend:
      server:
        certFile: "${paths.serverCert}"
        keyFile: "${paths.serverKey}"
        requireClientAuth: true
        clientCaFiles: ["${paths.caCert}"]
      client:
        serverName: localhost
        rootCaFiles: ["${paths.caCert}"]
    systemWorker:
      certFile: "${paths.serverCert}"
      keyFile: "${paths.serverKey}"
      client:
        serverName: localhost
        rootCaFiles: ["${paths.caCert}"]
services:
  frontend:
    rpc: ${rpc(frontend, frontendMembership, frontendHttp)}
  internal-frontend:
    rpc: ${rpc(internal, internalMembership, internalHttp)}
  history:
    rpc: ${rpc(history, historyMembership)}
  matching:
    rpc: ${rpc(matching, matchingMembership)}
  worker:
    rpc: ${rpc(worker, workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "localhost:${frontend}"
      httpAddress: "localhost:${frontendHttp}"
dcRedirectionPolicy:
  policy: noop
`);
  let output = '';
  const child: ChildProcess = spawn(options.server, [
    '--root', options.dir, '--config', 'config', '--env', 'tls', 'start',
    '--service', 'frontend', '--service', 'internal-frontend', '--service', 'history', '--service', 'matching', '--service', 'worker',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? -1; });
  const deadline = Date.now() + 60_000;
  while (!(await portAnswers(frontend!))) {
    if (exited !== null) throw new Error(`temporal-server exited with ${exited}:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`temporal-server did not listen within 60 s:\n${output.slice(-3000)}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address: `localhost:${frontend}`,
    output: () => output,
    stop: () => new Promise<void>((ok) => {
      if (exited !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  };
}
