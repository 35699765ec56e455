/**
 * The certificate for --tls: a self-signed leaf (CA:FALSE) made with @peculiar/x509, written next to the key file
 * without following links, and reused only when it is a pair the fake itself wrote.
 */
import { X509Certificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A certificate and its key, with the path where the certificate is written. */
export interface Certificate {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

/** A certificate stays in use while it is valid for at least this long; then a new one is made. */
const RENEW_BEFORE_MS = 86_400_000;
/** The subject and issuer of every certificate the fake makes: a stored pair without it is not the fake's. */
const SUBJECT = 'CN=cloud-admin-fake,O=cloud-admin-fake test certificate';
/** 825 days: the longest validity clients such as macOS accept for a TLS server certificate. */
const VALIDITY_MS = 825 * 86_400_000;

/** The names a client may use to reach a server bound to `host`: 0.0.0.0 is reached as 127.0.0.1. */
const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
const isIp = (name: string): boolean => /^[0-9.]+$|:/.test(name);

/**
 * Whether a stored certificate can be served again: it parses, it is a leaf the fake made (its subject, not a CA,
 * self-issued), it is valid for another day, and it names the host clients connect to (a certificate made for
 * another --host would fail their hostname check).
 */
export function isReusable(certPem: string, host: string, now = Date.now()): boolean {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return false;
  }
  if (cert.ca || cert.subject !== cert.issuer || cert.subject !== SUBJECT.split(',').join('\n')) return false;
  if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS || Date.parse(cert.validFrom) > now) return false;
  const name = isWildcard(host) ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  return isIp(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}

/** Whether `keyPem` is the private key of `certPem`. */
function isPair(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** Refuses a path that is a symbolic link (or anything but a regular file): the fake never writes through one. */
function assertNoLink(path: string): boolean {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return false;
  }
  if (stat.isSymbolicLink())
    throw new Error(`Failed to use ${path}: it is a symbolic link. Remove it; the fake writes its certificate itself.`);
  if (!stat.isFile()) throw new Error(`Failed to use ${path}: it is not a regular file. Remove it.`);
  return true;
}

/**
 * Writes a file with `mode` through a new temporary file renamed into place: the open fails rather than follow a
 * link planted at the temporary name, and the rename replaces the path itself, never what a link points at.
 */
function writeNew(path: string, text: string, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Error(`Failed to write ${path}: ${(error as Error).message}. Choose a key file in a writable folder.`, {
      cause: error,
    });
  }
}

/** The subject alternative names: localhost, 127.0.0.1, ::1 and the bound host. */
function altNamesFor(host: string): { type: 'dns' | 'ip'; value: string }[] {
  const names: { type: 'dns' | 'ip'; value: string }[] = [
    { type: 'dns', value: 'localhost' },
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: '::1' },
  ];
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare !== 'localhost' && bare !== '127.0.0.1' && bare !== '::1' && !isWildcard(bare)) {
    names.push({ type: isIp(bare) ? 'ip' : 'dns', value: bare });
  }
  return names;
}

/** Makes a self-signed leaf certificate (ECDSA P-256, SHA-256) naming localhost, 127.0.0.1, ::1 and `host`. */
export async function createCertificate(host: string, now = Date.now()): Promise<{ cert: string; key: string }> {
  // Imported here, not at the top: the library is heavy to load and only --tls without a certificate needs it.
  const x509 = await import('@peculiar/x509');
  const crypto = webcrypto as unknown as Crypto;
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: `01${randomBytes(15).toString('hex')}`,
      name: SUBJECT,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + VALIDITY_MS),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(altNamesFor(host)),
      ],
    },
    crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}

/**
 * Loads the certificate next to the key file (or in .fake/), or creates one for localhost, 127.0.0.1, ::1 and
 * `host`. A stored pair is reused only when it is one the fake wrote (its own subject, a leaf, the key matching the
 * certificate) that is valid for another day and names `host`; otherwise both files are replaced. Either path being
 * a symbolic link is refused with an error, and nothing is written.
 */
export async function loadOrCreateCertificate(keyFile: string | undefined, host: string): Promise<Certificate> {
  const dir = keyFile ? dirname(resolve(keyFile)) : resolve('.fake');
  const certPath = join(dir, 'cloud-admin-fake.cert.pem');
  const keyPath = join(dir, 'cloud-admin-fake.cert-key.pem');
  const certExists = assertNoLink(certPath);
  const keyExists = assertNoLink(keyPath);
  if (certExists && keyExists) {
    const cert = readFileSync(certPath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    if (isReusable(cert, host) && isPair(cert, key)) return { cert, key, certPath, keyPath };
  }
  const made = await createCertificate(host);
  mkdirSync(dir, { recursive: true });
  writeNew(keyPath, made.key, 0o600);
  writeNew(certPath, made.cert, 0o644);
  return { ...made, certPath, keyPath };
}
