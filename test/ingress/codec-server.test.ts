import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultPayloadConverter } from '@temporalio/common';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import { generateCodecKey } from '../../src/codec/keys';
import { codecServerRoute, type CodecServerOptions } from '../../src/ingress/codec-server';
import { oidcAccessTokenVerifier } from '../../src/ingress/oidc';
import { type IngressServer, startIngress } from '../../src/ingress/server';

/** A stand-in OIDC issuer on loopback: its discovery document and its JWKS, as an identity provider publishes them. */
async function startIssuer(): Promise<{ issuer: string; sign(claims: JWTPayload, options?: { audience?: string; expiresIn?: string; key?: 'other' }): Promise<string>; server: Server }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = createServer((req, res) => {
    const body = req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : req.url === '/jwks' ? { keys: [jwk] } : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    server,
    sign: (claims, options = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setIssuer(issuer)
      .setAudience(options.audience ?? 'temporal-codec').setIssuedAt().setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key === 'other' ? other.privateKey : privateKey),
  };
}

describe('the codec server', () => {
  const token = 'codec-token-0123456789';
  const uiOrigin = 'http://localhost:8233';
  const codec = new AesGcmPayloadCodec([generateCodecKey('k1')]);
  const servers: IngressServer[] = [];
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let plainIngress: IngressServer;
  let loopbackIngress: IngressServer;
  let oidcIngress: IngressServer;

  const start = async (options: Partial<CodecServerOptions>): Promise<IngressServer> => {
    const ingress = await startIngress([codecServerRoute(codec, { token, corsOrigins: [uiOrigin], namespace: 'default', ...options })], { host: '127.0.0.1', port: 0 });
    servers.push(ingress);
    return ingress;
  };

  beforeAll(async () => {
    issuer = await startIssuer();
    plainIngress = await start({});
    loopbackIngress = await start({ loopbackUi: true });
    oidcIngress = await start({ oidc: oidcAccessTokenVerifier({ issuer: issuer.issuer, audience: 'temporal-codec', permissionsClaim: 'permissions' }) });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await new Promise((resolve) => issuer?.server.close(resolve));
  });

  const call = (ingress: IngressServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${ingress.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  const plain = defaultPayloadConverter.toPayload({ name: 'Florencia' });
  const asJson = {
    payloads: [{
      metadata: Object.fromEntries(Object.entries(plain.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(plain.data ?? new Uint8Array()).toString('base64'),
    }],
  };
  const bearer = { authorization: `Bearer ${token}` };

  it('encodes and decodes for a caller with the bearer token', async () => {
    const encoded = await call(plainIngress, '/codec/encode', asJson, bearer);
    expect(encoded.status).toBe(200);
    const encodedBody = (await encoded.json()) as typeof asJson;
    expect(Buffer.from(encodedBody.payloads[0]!.data, 'base64').includes('Florencia')).toBe(false);
    const decoded = await call(plainIngress, '/codec/decode', encodedBody, bearer);
    expect(await decoded.json()).toEqual(asJson);
  });

  it('takes {} (protobuf JSON of an empty Payloads) as zero payloads, as the CLI sends it', async () => {
    for (const path of ['/codec/decode', '/codec/encode']) {
      const res = await call(plainIngress, path, {}, bearer);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ payloads: [] });
    }
  });

  it('refuses a caller without the token, or with a wrong one', async () => {
    expect((await call(plainIngress, '/codec/decode', asJson)).status).toBe(401);
    expect((await call(plainIngress, '/codec/decode', asJson, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    // Without loopbackUi even the UI's own origin needs a token.
    expect((await call(plainIngress, '/codec/decode', asJson, { origin: uiOrigin })).status).toBe(401);
  });

  it('refuses another namespace, by header or by the templated path, and serves its own by path', async () => {
    expect((await call(plainIngress, '/codec/decode', asJson, { ...bearer, 'x-namespace': 'other' })).status).toBe(403);
    expect((await call(plainIngress, '/codec/other/decode', asJson, bearer)).status).toBe(403);
    expect((await call(plainIngress, '/codec/default/decode', {}, bearer)).status).toBe(200);
  });

  it('answers the UI origin\'s CORS preflight with the headers the UI sends, and no other origin', async () => {
    const preflight = await fetch(`${plainIngress.url}/codec/decode`, { method: 'OPTIONS', headers: { origin: uiOrigin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization, authorization-extras, x-namespace/);
    const other = await fetch(`${plainIngress.url}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says what is wrong with a malformed body', async () => {
    const res = await call(plainIngress, '/codec/decode', { payloads: 'nope' }, bearer);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/expected \{"payloads"/);
  });

  describe('on the embedded default (loopbackUi)', () => {
    /** node:http, because fetch will not send a Host header of our choosing. */
    const raw = (headers: Record<string, string>): Promise<number> => new Promise((resolve, reject) => {
      const url = new URL(`${loopbackIngress.url}/codec/decode`);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end(JSON.stringify({}));
    });

    it('serves the UI\'s origin without a token, with CORS headers so only that page reads the answer', async () => {
      const res = await call(loopbackIngress, '/codec/decode', asJson, { origin: uiOrigin, 'x-namespace': 'default' });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      expect(await res.json()).toEqual(asJson);
    });

    it('refuses any other origin, no origin, a DNS-rebinding Host, a proxied request and another namespace', async () => {
      expect((await call(loopbackIngress, '/codec/decode', asJson, { origin: 'https://evil.example' })).status).toBe(401);
      expect((await call(loopbackIngress, '/codec/decode', asJson)).status).toBe(401);
      expect(await raw({ origin: uiOrigin, host: `localhost:${new URL(loopbackIngress.url).port}` })).toBe(200);
      expect(await raw({ origin: uiOrigin, host: `rebound.evil.example:${new URL(loopbackIngress.url).port}` })).toBe(401);
      expect(await raw({ origin: uiOrigin, host: 'localhost', 'x-forwarded-for': '203.0.113.9' })).toBe(401);
      expect((await call(loopbackIngress, '/codec/decode', asJson, { origin: uiOrigin, 'x-namespace': 'other' })).status).toBe(403);
      // A token that is there is checked, wherever the request comes from.
      expect((await call(loopbackIngress, '/codec/decode', asJson, { origin: uiOrigin, authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    });
  });

  describe('with a deployed UI passing its OIDC access token', () => {
    const withToken = (accessToken: string, namespace = 'default') => ({ authorization: `Bearer ${accessToken}`, 'x-namespace': namespace, origin: uiOrigin });

    it('decodes for a token of the issuer, for the audience, with a permission on the namespace', async () => {
      const accessToken = await issuer.sign({ sub: 'ana', permissions: ['default:read'] });
      const res = await call(oidcIngress, '/codec/decode', asJson, withToken(accessToken));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(asJson);
      // The bearer token of the CLI still works beside it.
      expect((await call(oidcIngress, '/codec/decode', asJson, bearer)).status).toBe(200);
    });

    it('encodes only for a writer of the namespace (or a system admin)', async () => {
      const reader = await issuer.sign({ sub: 'ana', permissions: ['default:read'] });
      const writer = await issuer.sign({ sub: 'bo', permissions: ['default:write'] });
      const admin = await issuer.sign({ sub: 'cy', permissions: ['temporal-system:admin'] });
      expect((await call(oidcIngress, '/codec/encode', asJson, withToken(reader))).status).toBe(403);
      expect((await call(oidcIngress, '/codec/encode', asJson, withToken(writer))).status).toBe(200);
      expect((await call(oidcIngress, '/codec/encode', asJson, withToken(admin))).status).toBe(200);
    });

    it('refuses a wrong audience, an expired token, another key, no namespace permission and no X-Namespace', async () => {
      const refusal = async (headers: Record<string, string>) => {
        const res = await call(oidcIngress, '/codec/decode', asJson, headers);
        return { status: res.status, error: ((await res.json()) as { error: string }).error };
      };
      expect(await refusal(withToken(await issuer.sign({ permissions: ['default:read'] }, { audience: 'some-other-api' })))).toEqual({ status: 401, error: expect.stringMatching(/"aud" claim/) });
      expect(await refusal(withToken(await issuer.sign({ permissions: ['default:read'] }, { expiresIn: '-1m' })))).toEqual({ status: 401, error: expect.stringMatching(/"exp" claim/) });
      expect(await refusal(withToken(await issuer.sign({ permissions: ['default:read'] }, { key: 'other' })))).toEqual({ status: 401, error: expect.stringMatching(/signature/) });
      expect(await refusal(withToken(await issuer.sign({ permissions: ['other-ns:admin', 'default'] })))).toEqual({ status: 403, error: expect.stringMatching(/no read\/write\/worker\/admin permission on namespace "default"/) });
      expect((await refusal(withToken(await issuer.sign({ permissions: ['other:read'] }), 'other'))).status).toBe(403);
      const noNamespace = { authorization: `Bearer ${await issuer.sign({ permissions: ['default:read'] })}` };
      expect((await refusal(noNamespace)).status).toBe(400);
    });
  });
});
