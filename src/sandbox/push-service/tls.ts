import { generateKeyPairSync } from 'node:crypto';
import { generate } from 'selfsigned';

export interface ServerCertificate {
  key: string;
  cert: string;
}

type CertificateOptions = NonNullable<Parameters<typeof generate>[1]> & {
  /** Supported by selfsigned, missing from its types: a key made elsewhere, here by Node's fast native RSA. */
  keyPair: { privateKey: string; publicKey: string };
};

/** A self-signed certificate for the host the service listens on; clients trust it through its PEM as a CA. */
export function selfSignedCertificate(host: string): ServerCertificate {
  const keyPair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const isIp = /^[\d.]+$|:/.test(host);
  const options: CertificateOptions = {
    days: 2,
    algorithm: 'sha256',
    keyPair,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [isIp ? { type: 7, ip: host } : { type: 2, value: host }, { type: 2, value: 'localhost' }] },
    ],
  };
  const pems = generate([{ name: 'commonName', value: host }], options);
  return { key: pems.private, cert: pems.cert };
}
