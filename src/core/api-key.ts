/** The vendor's Administration API key file: its fields, and the keys the fake makes for its tenants. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The JSON key file the vendor's console downloads (`*.key`), with the same five fields. */
export interface ApiKeyFile {
  customerName: string;
  accessID: string;
  /** PEM RSA private key (PKCS#1, `-----BEGIN RSA PRIVATE KEY-----`), as in the vendor's files. */
  accessKey: string;
  adminRestApiUrl: string;
  description: string;
}

/** Keys generated for access IDs in this process (generating one takes about 0.1 s). */
const keysByAccessId = new Map<string, string>();

/** Generates a PKCS#1 PEM RSA-2048 private key (about 0.1 s). */
export function generateAccessKey(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

/**
 * The accessKey of an access ID: generated on first use, then the same for the life of the process. Every access
 * ID gets a key of its own, so a key never signs for another access ID, while a fake made again with the same
 * seed (the same access IDs) costs no new key.
 */
export function accessKeyFor(accessID: string): string {
  let key = keysByAccessId.get(accessID);
  if (key === undefined) {
    key = generateAccessKey();
    keysByAccessId.set(accessID, key);
  }
  return key;
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

/** The public half of a key file's accessKey, for verifying tokens. */
export function publicKeyOf(file: ApiKeyFile): KeyObject {
  try {
    return createPublicKey(createPrivateKey(file.accessKey));
  } catch (error) {
    throw new Error(
      `Failed to read the accessKey of key file ${file.accessID}: ${(error as Error).message}. Use a PEM RSA private key.`,
      { cause: error },
    );
  }
}
