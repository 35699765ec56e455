/**
 * RSA private keys between the vendor's PEM form (PKCS#1, `-----BEGIN RSA PRIVATE KEY-----`) and PKCS#8, the only
 * private-key form WebCrypto (and so jose) imports. Hand-written because the conversion is a fixed DER wrapper, and
 * the alternative, node:crypto, does not exist in a browser. Neither function checks the key itself: WebCrypto's
 * import does.
 */

/** The DER of PKCS#8's `version 0` and `AlgorithmIdentifier { rsaEncryption, NULL }` (RFC 5208, RFC 8017 A.1). */
const RSA_PKCS8_PREFIX = [
  0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

/** A DER length: short form below 128, else 0x80 + the count of big-endian length bytes. */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 + bytes.length, ...bytes];
}

/** Reads the length at `offset` (just past a tag): the content's start and length. */
function readLength(der: Uint8Array, offset: number): { start: number; length: number } {
  const first = der[offset] ?? 0;
  if (first < 0x80) return { start: offset + 1, length: first };
  const count = first - 0x80;
  if (count < 1 || count > 4) throw new Error('Failed to read the key: a DER length is malformed.');
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + (der[offset + i] ?? 0);
  return { start: offset + 1 + count, length };
}

const base64ToBytes = (text: string): Uint8Array => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A PEM's label (`RSA PRIVATE KEY`, `PRIVATE KEY`, ...) and DER bytes, or undefined when it is not one PEM block. */
export function readPem(pem: string): { label: string; der: Uint8Array } | undefined {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]+)-----END \1-----/.exec(pem);
  if (!match?.[1] || match[2] === undefined) return undefined;
  try {
    return { label: match[1], der: base64ToBytes(match[2].replace(/\s+/g, '')) };
  } catch {
    return undefined;
  }
}

/** A PEM block with 64-character lines, as OpenSSL writes it. */
export function writePem(label: string, der: Uint8Array): string {
  const lines = bytesToBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * A private key PEM as PKCS#8 PEM: a PKCS#1 RSA key is wrapped (RFC 5208's PrivateKeyInfo), a PKCS#8 one is returned
 * as it is. Throws for anything else (an EC or encrypted key, a public key, no PEM).
 */
export function toPkcs8Pem(pem: string): string {
  const read = readPem(pem);
  if (read?.label === 'PRIVATE KEY') return pem;
  if (read?.label !== 'RSA PRIVATE KEY')
    throw new Error('Failed to read the key: it is not a PEM RSA private key (PKCS#1 or PKCS#8).');
  const inner = [0x04, ...derLength(read.der.length)];
  const body = RSA_PKCS8_PREFIX.length + inner.length + read.der.length;
  const der = new Uint8Array([0x30, ...derLength(body), ...RSA_PKCS8_PREFIX, ...inner, ...read.der]);
  return writePem('PRIVATE KEY', der);
}

/** The PKCS#1 RSAPrivateKey inside an RSA PKCS#8 PrivateKeyInfo (DER), as the vendor's PEM form. */
export function pkcs8ToPkcs1Pem(der: Uint8Array): string {
  const outer = readLength(der, 1);
  const prefixEnd = outer.start + RSA_PKCS8_PREFIX.length;
  const prefixMatches = RSA_PKCS8_PREFIX.every((byte, i) => der[outer.start + i] === byte);
  if (der[0] !== 0x30 || !prefixMatches || der[prefixEnd] !== 0x04)
    throw new Error('Failed to read the key: it is not an RSA PKCS#8 private key.');
  const inner = readLength(der, prefixEnd + 1);
  return writePem('RSA PRIVATE KEY', der.slice(inner.start, inner.start + inner.length));
}
