/**
 * The vendor's PKCS#1 PEM keys are wrapped as PKCS#8 for WebCrypto, and WebCrypto's PKCS#8 keys unwrapped to the
 * vendor's form, byte for byte as OpenSSL (node:crypto) converts them.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateAccessKeyAsync, keysOf } from '../../src/core/api-key.js';
import { KEY_POOL } from '../../src/core/key-pool.js';
import { pkcs8ToPkcs1Pem, readPem, toPkcs8Pem } from '../../src/core/pem.js';
import { signToken } from '../../src/core/sign-token.js';

const pkcs8Of = (pem: string): string => createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();

describe('PEM conversion', () => {
  it.each([0, 1, 63])('wraps pool key %i as the PKCS#8 OpenSSL writes, and unwraps it back', (index) => {
    const pkcs1 = KEY_POOL[index] ?? '';
    const wrapped = toPkcs8Pem(pkcs1);
    expect(wrapped).toBe(pkcs8Of(pkcs1));
    expect(pkcs8ToPkcs1Pem(readPem(wrapped)?.der ?? new Uint8Array())).toBe(pkcs1);
  });

  it('passes a PKCS#8 key through, and refuses an EC key, a public key and no PEM', () => {
    const pkcs8 = pkcs8Of(KEY_POOL[2] ?? '');
    expect(toPkcs8Pem(pkcs8)).toBe(pkcs8);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => toPkcs8Pem(ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString())).toThrow(
      'not a PEM RSA private key',
    );
    expect(() => toPkcs8Pem(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
      'not a PEM RSA private key',
    );
    expect(() => toPkcs8Pem('not a key')).toThrow('not a PEM RSA private key');
    expect(() =>
      pkcs8ToPkcs1Pem(
        readPem(pkcs8Of(ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString()))?.der ?? new Uint8Array(),
      ),
    ).toThrow('not an RSA PKCS#8 private key');
  });
});

describe('keys through WebCrypto', () => {
  it('generates a PKCS#1 RSA-2048 key that node:crypto reads and that signs a token it verifies', async () => {
    const pem = await generateAccessKeyAsync();
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const file = {
      customerName: 'c',
      accessID: 'a',
      accessKey: pem,
      adminRestApiUrl: 'https://x.example/',
      description: '',
    };
    const token = await signToken(file, { now: 0 });
    const { verify } = await keysOf(file);
    const { compactVerify } = await import('jose');
    await expect(compactVerify(token, verify)).resolves.toMatchObject({
      protectedHeader: { alg: 'RS256', typ: 'JWT' },
    });
    await expect(compactVerify(token, createPublicKey(createPrivateKey(pem)))).resolves.toBeDefined();
  });

  it('imports each key once, and names the key file when its accessKey cannot be read', async () => {
    const file = {
      customerName: 'c',
      accessID: 'a',
      accessKey: KEY_POOL[5] ?? '',
      adminRestApiUrl: 'https://x/',
      description: '',
    };
    expect(keysOf(file)).toBe(keysOf({ ...file }));
    await expect(keysOf({ ...file, accessID: 'bad-1', accessKey: 'junk' })).rejects.toThrow(
      'Failed to read the accessKey of key file bad-1: Failed to read the key: it is not a PEM RSA private key',
    );
  });
});
