import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../src/codec/aes-gcm-codec';
import { generateCodecKey } from '../../src/codec/keys';

const payload = defaultPayloadConverter.toPayload({ email: 'shopper@example.com' });

describe('AesGcmPayloadCodec', () => {
  const oldKey = generateCodecKey('old');
  const newKey = generateCodecKey('new');

  it('encrypts metadata and data, names the key, and decrypts back', async () => {
    const codec = new AesGcmPayloadCodec([newKey]);
    const [encrypted] = await codec.encode([payload]);
    expect(Buffer.from(encrypted!.data!).includes('shopper@example.com')).toBe(false);
    expect(Buffer.from(encrypted!.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encrypted!.metadata![KEY_ID_METADATA]!).toString()).toBe('new');
    const [decrypted] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual({ email: 'shopper@example.com' });
  });

  it('uses a fresh IV each time', async () => {
    const codec = new AesGcmPayloadCodec([newKey]);
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rotates: a codec whose first key is new still decrypts what the old key wrote', async () => {
    const [byOld] = await new AesGcmPayloadCodec([oldKey]).encode([payload]);
    const rotated = new AesGcmPayloadCodec([newKey, oldKey]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([byOld!]))[0]!)).toEqual({ email: 'shopper@example.com' });
    const [byRotated] = await rotated.encode([payload]);
    expect(Buffer.from(byRotated!.metadata![KEY_ID_METADATA]!).toString()).toBe('new');
  });

  it('says which key is missing rather than failing obscurely', async () => {
    const [byOld] = await new AesGcmPayloadCodec([oldKey]).encode([payload]);
    await expect(new AesGcmPayloadCodec([newKey]).decode([byOld!])).rejects.toThrow(/no codec key with id "old"/);
  });

  it('rejects tampered ciphertext', async () => {
    const codec = new AesGcmPayloadCodec([newKey]);
    const [encrypted] = await codec.encode([payload]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = (data[20] ?? 0) ^ 0xff;
    await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow();
  });

  it('passes unencrypted payloads through (input typed into the Temporal CLI or UI)', async () => {
    const codec = new AesGcmPayloadCodec([newKey]);
    expect(await codec.decode([payload])).toEqual([payload]);
  });
});
