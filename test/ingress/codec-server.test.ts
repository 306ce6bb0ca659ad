import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import { generateCodecKey } from '../../src/codec/keys';
import { codecServerRoute } from '../../src/ingress/codec-server';
import { type IngressServer, startIngress } from '../../src/ingress/server';

describe('the codec server', () => {
  const token = 'operator-token-0123456789';
  const uiOrigin = 'http://localhost:8233';
  let ingress: IngressServer;

  beforeAll(async () => {
    ingress = await startIngress([codecServerRoute(new AesGcmPayloadCodec([generateCodecKey('k1')]), { token, corsOrigins: [uiOrigin] })], { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => { await ingress?.close(); });

  const call = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${ingress.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  const plain = defaultPayloadConverter.toPayload({ name: 'Florencia' });
  const asJson = {
    payloads: [{
      metadata: Object.fromEntries(Object.entries(plain.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(plain.data ?? new Uint8Array()).toString('base64'),
    }],
  };

  it('encodes and decodes for a caller with the bearer token', async () => {
    const encoded = await call('/codec/encode', asJson, { authorization: `Bearer ${token}` });
    expect(encoded.status).toBe(200);
    const encodedBody = (await encoded.json()) as typeof asJson;
    expect(Buffer.from(encodedBody.payloads[0]!.data, 'base64').includes('Florencia')).toBe(false);
    const decoded = await call('/codec/decode', encodedBody, { authorization: `Bearer ${token}` });
    expect(await decoded.json()).toEqual(asJson);
  });

  it('refuses a caller without the token', async () => {
    expect((await call('/codec/decode', asJson)).status).toBe(401);
    expect((await call('/codec/decode', asJson, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
  });

  it('answers the UI origin\'s CORS preflight, and no other origin', async () => {
    const preflight = await fetch(`${ingress.url}/codec/decode`, { method: 'OPTIONS', headers: { origin: uiOrigin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await fetch(`${ingress.url}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says what is wrong with a malformed body', async () => {
    const res = await call('/codec/decode', { nope: true }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/expected \{"payloads"/);
  });
});
