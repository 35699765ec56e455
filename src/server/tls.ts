/** A self-signed certificate for --tls, generated with the selfsigned library and reused from disk. */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A certificate and its key, with the path where the certificate is written. */
export interface Certificate {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

/** A certificate stays in use while it is valid for at least this long; then a new one is made. */
const RENEW_BEFORE_MS = 86_400_000;

/** The names a client may use to reach a server bound to `host`: 0.0.0.0 is reached as 127.0.0.1. */
const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';

/**
 * Whether a stored certificate can be served again: it parses, it is valid for another day, and it names the
 * host clients connect to (a certificate made for another --host would fail their hostname check).
 */
export function isReusable(certPem: string, host: string, now = Date.now()): boolean {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return false;
  }
  if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS || Date.parse(cert.validFrom) > now) return false;
  const name = isWildcard(host) ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  return /^[0-9.]+$|:/.test(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}

/**
 * Loads the certificate next to the key file (or in .fake/), or creates one for localhost, 127.0.0.1, ::1 and
 * `host`. A stored certificate that expires within a day or does not name `host` is replaced.
 */
export async function loadOrCreateCertificate(keyFile: string | undefined, host: string): Promise<Certificate> {
  const dir = keyFile ? dirname(resolve(keyFile)) : resolve('.fake');
  const certPath = join(dir, 'cloud-admin-fake.cert.pem');
  const keyPath = join(dir, 'cloud-admin-fake.cert-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (isReusable(cert, host)) return { cert, key: readFileSync(keyPath, 'utf8'), certPath, keyPath };
  }
  const altNames: ({ type: 2; value: string } | { type: 7; ip: string })[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '::1' && !isWildcard(host)) {
    altNames.push(/^[0-9.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host });
  }
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 86_400_000);
  // Imported here, not at the top: selfsigned is heavy to load and only --tls without a certificate needs it.
  const { generate } = await import('selfsigned');
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
