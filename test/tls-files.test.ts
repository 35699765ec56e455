/**
 * --tls files: a leaf certificate (CA:FALSE) naming localhost, 127.0.0.1 and ::1, its key written with mode 0600,
 * no symbolic link followed when writing, and reuse only of a pair the fake itself wrote that matches.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCertificate, isReusable, loadOrCreateCertificate } from '../src/server/tls.js';

const CERT_NAME = 'cloud-admin-fake.cert.pem';
const KEY_NAME = 'cloud-admin-fake.cert-key.pem';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloud-admin-tls-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the certificate the fake makes', () => {
  it('is a leaf: CA:FALSE, for server authentication only, naming localhost, 127.0.0.1, ::1 and the host', async () => {
    const { cert, key } = await createCertificate('fake.example.test');
    const parsed = new X509Certificate(cert);
    expect(parsed.ca).toBe(false);
    expect(parsed.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(parsed.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:fake.example.test',
    );
    expect(parsed.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
  });

  it('writes the key with mode 0600, also over an old key file that was readable by others', async () => {
    writeFileSync(join(dir, KEY_NAME), 'old', { mode: 0o644 });
    const made = await loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1');
    expect(statSync(made.keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(made.keyPath, 'utf8')).toBe(made.key);
    expect(readFileSync(made.certPath, 'utf8')).toBe(made.cert);
  });
});

describe('links are refused, and nothing is written through them', () => {
  it.each([CERT_NAME, KEY_NAME])(
    'refuses %s as a link to an existing file and leaves the file as it was',
    async (name) => {
      const victim = join(dir, 'victim.txt');
      writeFileSync(victim, 'precious');
      symlinkSync(victim, join(dir, name));
      await expect(loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1')).rejects.toThrow(
        `Failed to use ${join(dir, name)}: it is a symbolic link.`,
      );
      expect(readFileSync(victim, 'utf8')).toBe('precious');
    },
  );

  it('refuses a dangling link and creates nothing at its target', async () => {
    const target = join(dir, 'created-by-the-link');
    symlinkSync(target, join(dir, KEY_NAME));
    await expect(loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1')).rejects.toThrow('symbolic link');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, CERT_NAME))).toBe(false);
  });
});

describe('only a pair the fake wrote that matches is reused', () => {
  it('reuses its own pair', async () => {
    const first = await loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1');
    const second = await loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1');
    expect(second.cert).toBe(first.cert);
    expect(second.key).toBe(first.key);
  });

  it('replaces a pair whose key does not match the certificate', async () => {
    const first = await loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1');
    const other = await createCertificate('127.0.0.1');
    writeFileSync(join(dir, KEY_NAME), other.key, { mode: 0o600 });
    const next = await loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1');
    expect(next.cert).not.toBe(first.cert);
    expect(new X509Certificate(next.cert).checkPrivateKey(createPrivateKey(next.key))).toBe(true);
    expect(readFileSync(join(dir, KEY_NAME), 'utf8')).toBe(next.key);
  });

  it('replaces a certificate someone else made, even one valid for the host with its key', async () => {
    const forged = forgedCertificate();
    writeFileSync(join(dir, CERT_NAME), forged.cert);
    writeFileSync(join(dir, KEY_NAME), forged.key, { mode: 0o600 });
    expect(new X509Certificate(forged.cert).checkPrivateKey(createPrivateKey(forged.key))).toBe(true);
    expect(new X509Certificate(forged.cert).ca).toBe(true);
    expect(isReusable(forged.cert, '127.0.0.1')).toBe(false);
    const next = await loadOrCreateCertificate(join(dir, 'api.key'), '127.0.0.1');
    expect(next.cert).not.toBe(forged.cert);
    expect(new X509Certificate(next.cert).ca).toBe(false);
  });
});

/**
 * A pair the fake did not write but that matches and names 127.0.0.1: a CA certificate with the fake's common name,
 * as the old code path made (test-only, made once with openssl req -x509 ... -addext basicConstraints=CA:TRUE).
 */
function forgedCertificate(): { cert: string; key: string } {
  return { cert: FOREIGN_CA_CERT, key: FOREIGN_CA_KEY };
}

const FOREIGN_CA_CERT = `-----BEGIN CERTIFICATE-----
MIIBqDCCAU2gAwIBAgIUb493pW42+IkWUYlyMiYKaaWPVfMwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQY2xvdWQtYWRtaW4tZmFrZTAeFw0yNjEyMDExMjM2NDFaFw0z
NjExMjgxMjM2NDFaMBsxGTAXBgNVBAMMEGNsb3VkLWFkbWluLWZha2UwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQ13HHUgw43lGhBCPmTSr2tCHGWJm1zwOqDg02X
tBmbbX9rwrGRdtor2wYkCsejSA5997i+bwGNv5WcFYhvDueqo28wbTAdBgNVHQ4E
FgQUldwBQHGrBXJw82N1lXkr2X9TgmMwHwYDVR0jBBgwFoAUldwBQHGrBXJw82N1
lXkr2X9TgmMwGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/AAABMA8GA1UdEwEB/wQF
MAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAPwcJs1og+/9yj/Py8e+OiNiAxXsSPzz
FSBi4Bq3o9/bAiEAlOPmqrei2+jNP71gHv5d627eTcDn5M1Pb2kpTdtKPg8=
-----END CERTIFICATE-----
`;
const FOREIGN_CA_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgX5/AmVQX1VZoa8nF
2aMlAEgluMAAfjBR5eH+xC0CD+ehRANCAAQ13HHUgw43lGhBCPmTSr2tCHGWJm1z
wOqDg02XtBmbbX9rwrGRdtor2wYkCsejSA5997i+bwGNv5WcFYhvDueq
-----END PRIVATE KEY-----
`;
