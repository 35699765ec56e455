/** Key files on disk: read, checked and written atomically, readable by their owner only. */
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MIN_RSA_BITS, type ApiKeyFile } from '../core/api-key.js';

/** Checks that a parsed value has the five key-file fields, or throws naming the missing one. */
function assertApiKeyFile(value: unknown, source: string): ApiKeyFile {
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
    throw new Error(`Failed to load key file ${path}: ${(error as Error).message}.`, { cause: error });
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
      { cause: error },
    );
  }
}

/** Whether a file exists at `path`. */
export const fileExists = (path: string): boolean => existsSync(path);

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
