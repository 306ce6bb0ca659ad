import { createDecipheriv, type ECDH, hkdfSync } from 'node:crypto';

export class DecryptionError extends Error {}

const SALT_BYTES = 16;
const TAG_BYTES = 16;
const P256_POINT_BYTES = 65;

/**
 * Opens an aes128gcm push message body (RFC 8188 framing, RFC 8291 keys) with the user agent's private key
 * and authentication secret; returns the plaintext without padding.
 */
export function decryptAes128gcm(body: Buffer, userAgent: ECDH, authSecret: Buffer): Buffer {
  if (body.length < SALT_BYTES + 5) throw new DecryptionError('body shorter than the aes128gcm header');
  const salt = body.subarray(0, SALT_BYTES);
  const recordSize = body.readUInt32BE(SALT_BYTES);
  const keyIdLength = body.readUInt8(SALT_BYTES + 4);
  const headerEnd = SALT_BYTES + 5 + keyIdLength;
  // RFC 8291 §4: the key id carries the application server's ephemeral public key, uncompressed.
  if (keyIdLength !== P256_POINT_BYTES) throw new DecryptionError(`keyid is ${keyIdLength} bytes, expected a ${P256_POINT_BYTES}-byte P-256 point`);
  if (recordSize < TAG_BYTES + 2) throw new DecryptionError(`record size ${recordSize} is too small`);
  const senderPublic = body.subarray(SALT_BYTES + 5, headerEnd);
  const ciphertext = body.subarray(headerEnd);
  // RFC 8291 §4: an application server sends a single record.
  if (ciphertext.length > recordSize) throw new DecryptionError('push messages carry a single record');

  let ecdhSecret: Buffer;
  try {
    ecdhSecret = userAgent.computeSecret(senderPublic);
  } catch {
    throw new DecryptionError('keyid is not a point on P-256');
  }
  // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32).
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), userAgent.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  // RFC 8188 §2.2 and §2.3: the content encryption key and the nonce.
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  // The only record has sequence number 0, so the nonce is used as derived.
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
  let padded: Buffer;
  try {
    padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('authentication tag mismatch: wrong keys or a corrupted body');
  }
  return unpad(padded);
}

/** RFC 8188 §2: the last record ends with a 0x02 delimiter, then any number of zero bytes. */
function unpad(padded: Buffer): Buffer {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (end < 0 || padded[end] !== 2) throw new DecryptionError('missing the final-record padding delimiter');
  return padded.subarray(0, end);
}
