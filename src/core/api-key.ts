/** The vendor's Administration API key file: its fields, and the keys the fake makes for its tenants. */
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { KEY_POOL } from './key-pool.js';

/** The JSON key file the vendor's console downloads (`*.key`), with the same five fields. */
export interface ApiKeyFile {
  customerName: string;
  accessID: string;
  /** PEM RSA private key (PKCS#1, `-----BEGIN RSA PRIVATE KEY-----`), as in the vendor's files. */
  accessKey: string;
  adminRestApiUrl: string;
  description: string;
}

/** Generates a PKCS#1 PEM RSA-2048 private key (about 0.1 s). */
export function generateAccessKey(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

/** The smallest RSA modulus the fake accepts: RS256 with a shorter key is refused by JOSE libraries. */
export const MIN_RSA_BITS = 2048;

/**
 * Generates a PKCS#1 PEM RSA-2048 private key off the event loop (Node's thread pool), so other requests go on
 * while it runs.
 */
export function generateAccessKeyAsync(): Promise<string> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => {
      if (error) reject(error);
      else resolve(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    }),
  );
}

/**
 * A key of the committed pool for the tenant numbered `index` of a fake made with `seed`: the same seed and index
 * give the same key, and keys in `inUse` (the fake's live tenants) are skipped, so every live tenant has a key of its
 * own. Undefined when every pool key is in use; then generate one with generateAccessKeyAsync.
 */
export function poolKey(seed: number, index: number, inUse: ReadonlySet<string>): string | undefined {
  const start = (Math.imul(seed >>> 0, 0x9e3779b1) >>> 0) % KEY_POOL.length;
  for (let step = 0; step < KEY_POOL.length; step++) {
    const key = KEY_POOL[(start + index + step) % KEY_POOL.length];
    if (key !== undefined && !inUse.has(key)) return key;
  }
  return undefined;
}

/**
 * Why a key file cannot serve as a tenant's (an empty accessID, an accessKey that is not a PEM RSA private key of at
 * least 2048 bits, which RS256 needs), or undefined when it can.
 */
export function keyFileProblem(file: ApiKeyFile): string | undefined {
  if (file.accessID.trim() === '') return 'its accessID is empty';
  let key: KeyObject;
  try {
    key = createPrivateKey(file.accessKey);
  } catch {
    return 'its accessKey is not a PEM private key';
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return `its accessKey is a ${key.asymmetricKeyType ?? 'non-RSA'} key; RS256 needs an RSA key (PKCS#1 or PKCS#8, not RSA-PSS)`;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return `its accessKey is an RSA key of ${bits} bits; RS256 needs at least ${MIN_RSA_BITS}`;
  return undefined;
}

/** Creates a key file for a tenant whose API lives at `adminRestApiUrl`; without `accessKey`, one is generated. */
export function createApiKeyFile(options: {
  customerName: string;
  accessID: string;
  adminRestApiUrl: string;
  accessKey?: string | undefined;
}): ApiKeyFile {
  return {
    customerName: options.customerName,
    accessID: options.accessID,
    accessKey: options.accessKey ?? generateAccessKey(),
    adminRestApiUrl: options.adminRestApiUrl,
    description: 'cloud-admin-fake test key: works only against the fake',
  };
}

/** Public keys already read, by private PEM: parsing an RSA key takes milliseconds, and pool keys recur. */
const publicKeys = new Map<string, KeyObject>();

/** The public half of a key file's accessKey, for verifying tokens. */
export function publicKeyOf(file: ApiKeyFile): KeyObject {
  const known = publicKeys.get(file.accessKey);
  if (known) return known;
  try {
    const key = createPublicKey(createPrivateKey(file.accessKey));
    if (publicKeys.size >= 1024) publicKeys.clear();
    publicKeys.set(file.accessKey, key);
    return key;
  } catch (error) {
    throw new Error(
      `Failed to read the accessKey of key file ${file.accessID}: ${(error as Error).message}. Use a PEM RSA private key.`,
      { cause: error },
    );
  }
}
