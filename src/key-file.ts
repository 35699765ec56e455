/** The vendor's Administration API key file: created for a tenant of the fake, or loaded from disk. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

/**
 * Writes a key file, creating its folder; the file is readable by its owner only, like a real key. It is written
 * to a temporary file in the same folder and renamed into place, so a reader sees the old file or the new one,
 * never half of one.
 */
export function writeApiKeyFile(path: string, file: ApiKeyFile): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // No temporary file was made (its folder is missing or not a folder): nothing to clean up.
    }
    throw new Error(
      `Failed to write key file ${path}: ${(error as Error).message}. Choose a key file in a writable folder.`,
    );
  }
}

/** Whether a file exists at `path`. */
export const fileExists = (path: string): boolean => existsSync(path);
