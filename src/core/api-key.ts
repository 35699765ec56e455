/** The vendor's Administration API key file: its fields, and the keys the fake makes for its tenants. */
import { nodeBuiltin } from './node-host.js';
import type * as Jose from 'jose';
import { KEY_POOL } from './key-pool.js';
import { pkcs8ToPkcs1Pem, toPkcs8Pem } from './pem.js';

/** The JSON key file the vendor's console downloads (`*.key`), with the same five fields. */
export interface ApiKeyFile {
  customerName: string;
  accessID: string;
  /** PEM RSA private key (PKCS#1, `-----BEGIN RSA PRIVATE KEY-----`), as in the vendor's files. */
  accessKey: string;
  adminRestApiUrl: string;
  description: string;
}

/** The smallest RSA modulus the fake accepts: RS256 with a shorter key is refused by JOSE libraries. */
export const MIN_RSA_BITS = 2048;

/** jose, loaded on the first key to import rather than at import of the package (it costs milliseconds). */
let jose: Promise<typeof Jose> | undefined;
export const loadJose = (): Promise<typeof Jose> => (jose ??= import('jose'));

/** node:crypto when the runtime is Node (found at run time, so a browser bundle carries no Node built-in). */
function nodeCrypto(): typeof import('node:crypto') | undefined {
  return nodeBuiltin('node:crypto') as typeof import('node:crypto') | undefined;
}

/**
 * Generates a PKCS#1 PEM RSA-2048 private key at once (0.1 to 1 s, blocking). Only Node can: WebCrypto generates
 * keys asynchronously only, so elsewhere this throws; use generateAccessKeyAsync, or give a key.
 */
export function generateAccessKey(): string {
  const crypto = nodeCrypto();
  if (!crypto)
    throw new Error(
      'Failed to generate an RSA key: only Node can generate one synchronously. Give an accessKey, or use generateAccessKeyAsync().',
    );
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

/**
 * Generates a PKCS#1 PEM RSA-2048 private key with WebCrypto, off the event loop (in Node on its thread pool), so
 * other requests go on while it runs. Works in Node and in browsers.
 */
export async function generateAccessKeyAsync(): Promise<string> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  return pkcs8ToPkcs1Pem(new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey)));
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

/** The imported keys of each accessKey PEM: importing an RSA key takes milliseconds, and pool keys recur. */
const imported = new Map<string, Promise<{ sign: CryptoKey; verify: CryptoKey }>>();

/** Imports a PEM RSA private key (PKCS#1 or PKCS#8) for RS256: the private key, and its public half. */
async function importKeys(pem: string): Promise<{ sign: CryptoKey; verify: CryptoKey }> {
  const { exportJWK, importJWK, importPKCS8 } = await loadJose();
  const sign = await importPKCS8(toPkcs8Pem(pem), 'RS256', { extractable: true });
  const { n, e } = await exportJWK(sign);
  if (n === undefined || e === undefined) throw new Error('Failed to read the key: it has no RSA modulus.');
  const verify = await importJWK({ kty: 'RSA', n, e }, 'RS256');
  if (!(verify instanceof CryptoKey)) throw new Error('Failed to import the public key: it is not a CryptoKey.');
  return { sign, verify };
}

/**
 * The keys of a key file's accessKey, imported on first use and then kept, so making a tenant parses no key. Throws
 * (rejects) naming the key file when the accessKey is not a PEM RSA private key WebCrypto can import.
 */
export function keysOf(file: ApiKeyFile): Promise<{ sign: CryptoKey; verify: CryptoKey }> {
  let keys = imported.get(file.accessKey);
  if (!keys) {
    keys = importKeys(file.accessKey).catch((error: unknown) => {
      imported.delete(file.accessKey);
      throw new Error(
        `Failed to read the accessKey of key file ${file.accessID}: ${(error as Error).message} Use a PEM RSA private key.`,
        { cause: error },
      );
    });
    if (imported.size >= 1024) imported.clear();
    imported.set(file.accessKey, keys);
  }
  return keys;
}
