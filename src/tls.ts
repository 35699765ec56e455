/** A self-signed certificate for --tls, generated with the selfsigned library and reused from disk. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generate } from 'selfsigned';

/** A certificate and its key, with the path where the certificate is written. */
export interface Certificate {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

/** Loads the certificate next to the key file (or in .fake/), or creates one for localhost, 127.0.0.1 and `host`. */
export async function loadOrCreateCertificate(keyFile: string | undefined, host: string): Promise<Certificate> {
  const dir = keyFile ? dirname(resolve(keyFile)) : resolve('.fake');
  const certPath = join(dir, 'cloud-admin-fake.cert.pem');
  const keyPath = join(dir, 'cloud-admin-fake.cert-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath };
  }
  const altNames: ({ type: 2; value: string } | { type: 7; ip: string })[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '::1' && host !== '0.0.0.0') {
    altNames.push(/^[0-9.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host });
  }
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'cloud-admin-fake' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  return { cert: pems.cert, key: pems.private, certPath, keyPath };
}
