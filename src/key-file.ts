/** The vendor's Administration API key file: created for a tenant of the fake, or loaded from disk. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The JSON key file the vendor's console downloads (`*.key`), with the same five fields. */
export interface ApiKeyFile {
  customerName: string;
  accessID: string;
  /** PEM RSA private key (PKCS#1, `-----BEGIN RSA PRIVATE KEY-----`), as in the vendor's files. */
  accessKey: string;
  adminRestApiUrl: string;
  description: string;
}

let processKey: string | undefined;

/** Generates a PKCS#1 PEM RSA-2048 private key (about 0.1 s); `reuse` returns one key per process. */
export function generateAccessKey(reuse = false): string {
  if (reuse && processKey) return processKey;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  if (reuse) processKey = pem;
  return pem;
}

/** Creates a key file for a tenant whose API lives at `adminRestApiUrl`. */
export function createApiKeyFile(options: {
  customerName: string;
  accessID: string;
  adminRestApiUrl: string;
  accessKey?: string | undefined;
  reuseProcessKey?: boolean;
}): ApiKeyFile {
  return {
    customerName: options.customerName,
    accessID: options.accessID,
    accessKey: options.accessKey ?? generateAccessKey(options.reuseProcessKey ?? false),
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
    );
  }
}

/** Checks that a parsed value has the five key-file fields, or throws naming the missing one. */
export function assertApiKeyFile(value: unknown, source: string): ApiKeyFile {
  const fields = ['customerName', 'accessID', 'accessKey', 'adminRestApiUrl', 'description'] as const;
  if (typeof value !== 'object' || value === null)
    throw new Error(`Failed to load key file ${source}: it is not a JSON object.`);
  for (const field of fields) {
    if (typeof (value as Record<string, unknown>)[field] !== 'string') {
      throw new Error(`Failed to load key file ${source}: the field ${field} is missing or not a string.`);
    }
  }
  return value as ApiKeyFile;
}

/** Reads a key file from disk. */
export function readApiKeyFile(path: string): ApiKeyFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Failed to load key file ${path}: ${(error as Error).message}.`);
  }
  return assertApiKeyFile(parsed, path);
}

/** Writes a key file, creating its folder; the file is readable by its owner only, like a real key. */
export function writeApiKeyFile(path: string, file: ApiKeyFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** Whether a file exists at `path`. */
export const fileExists = (path: string): boolean => existsSync(path);
